import { SANDBOX_CARDS } from "../../plugin/src/acquirers/sandbox"
import type { HostedPlatform } from "./checkout"
import { generateCrmToken } from "../../plugin/src/cards/crm-token"
import { createHmac, randomBytes, randomInt, randomUUID, timingSafeEqual } from "crypto"
import http from "http"
import type { AddressInfo } from "net"
import { setTimeout as sleep } from "timers/promises"

/**
 * A local stand-in for Worldline Direct that speaks its REST contract: v1HMAC-signed
 * requests (checked independently of the SDK the plugin uses), X-GCS-Idempotence-Key
 * (same key = first answer again; while the first runs, 409 `1409`), its error bodies,
 * and the test cards of the sandbox. It can be told to fail, be slow, answer "in
 * progress", or commit a call and lose its answer. It is the only simulated party.
 *
 * It also plays the platform's side of the browser: the Hosted Tokenization Page (where
 * the customer types the card, so card numbers live only here) and the issuer's 3-D
 * Secure challenge page, each with a class method tests can call instead of a browser.
 */

export const WORLDLINE_TEST_CREDENTIALS = {
  merchantId: "omnichannel-test",
  apiKeyId: "test-api-key-id",
  secretApiKey: "test-secret-api-key-0123456789abcdef",
  webhookKeyId: "test-webhook-key-id",
  webhookSecret: "test-webhook-secret-0123456789abcdef",
}

/** Builds the v1HMAC string to sign, as Worldline documents it. */
export function v1HmacStringToSign(req: {
  method: string
  contentType?: string
  date: string
  gcsHeaders: Record<string, string>
  pathAndQuery: string
}): string {
  const gcs = Object.entries(req.gcsHeaders)
    .map(([name, value]) => [name.toLowerCase(), value.replace(/\r?\n[^\S\r\n]*/g, " ").trim()] as const)
    .filter(([name]) => name.startsWith("x-gcs-"))
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, value]) => `${name}:${value}\n`)
    .join("")
  return `${req.method.toUpperCase()}\n${req.contentType ?? ""}\n${req.date}\n${gcs}${req.pathAndQuery}\n`
}

export function v1HmacSignature(secret: string, stringToSign: string): string {
  return createHmac("sha256", secret).update(stringToSign).digest("base64")
}

export type WorldlineCharge = {
  kind: "authorize" | "subsequent" | "capture" | "cancel" | "refund" | "payout"
  amount: number
  currency_code: string
  idempotency_key: string
  reference: string
}

type Fault =
  | { kind: "error"; status: number; errorCode: string; id: string; retriable?: boolean }
  | { kind: "slow"; ms: number }
  | { kind: "in_progress" }
  | { kind: "lose_answer" }

/** A card as the platform keeps it (this server plays the platform: nothing else sees it). */
type Card = { pan: string; expiryDate: string; cardholderName?: string }
type Token = { id: string; card: Card; temporary: boolean }
type HostedTokenization = { id: string; tokenId?: string; tokenStatus?: "CREATED" | "UNCHANGED" }
type Payment = {
  id: string
  amount: number
  currency: string
  status: string
  captured: number
  refunded: number
  /** What `GET .../details` lists: the authorization and every capture, cancel and refund on it. */
  operations: { id: string; status: string; amount: number; merchantReference?: string }[]
  declinesLater: boolean
  mode?: string
  card?: Card
  tokenId?: string
  references?: unknown
  /** The idempotence key of the call that created it: a challenge passed later charges under it. */
  key?: string
  returnUrl?: string
  returnMac?: string
  /** 3-D Secure `authenticationStatus`: Y passed, N failed. */
  authentication?: "Y" | "N"
  challengeFails?: boolean
}
/** `loseOnce`: the platform commits the call, then the answer is lost on its way (first time only). */
type Answer = { status: number; body: unknown; loseOnce?: boolean }
type ApiRoute = { money: boolean; run: (body: any, key: string) => Answer }
type Received = { method: string; path: string; headers: http.IncomingHttpHeaders; body: any; idempotenceKey?: string }

// The same test cards as the sandbox (README), so one suite runs against either.
const CARDS = SANDBOX_CARDS

/** Worldline `statusOutput` of the statuses this server gives. */
const STATUS_OUTPUT: Record<string, { statusCode: number; statusCategory: string; isAuthorized: boolean }> = {
  REDIRECTED: { statusCode: 46, statusCategory: "PENDING_CONNECT_OR_3RD_PARTY", isAuthorized: false },
  PENDING_CAPTURE: { statusCode: 5, statusCategory: "PENDING_MERCHANT", isAuthorized: true },
  CAPTURED: { statusCode: 9, statusCategory: "COMPLETED", isAuthorized: false },
  REJECTED: { statusCode: 2, statusCategory: "UNSUCCESSFUL", isAuthorized: false },
  CANCELLED: { statusCode: 6, statusCategory: "UNSUCCESSFUL", isAuthorized: false },
}

export class WorldlineDirectServer {
  readonly credentials = WORLDLINE_TEST_CREDENTIALS
  readonly charges: WorldlineCharge[] = []
  readonly received: Received[] = []
  /** Requests refused for their signature, with the reason. */
  readonly refusedSignatures: string[] = []
  private readonly payments = new Map<string, Payment>()
  private readonly answers = new Map<string, Answer>()
  private readonly running = new Set<string>()
  private readonly hosted = new Map<string, HostedTokenization>()
  private readonly tokens = new Map<string, Token>()
  /** One permanent token and one generated (CRM) token per card, as the platform keeps them. */
  private readonly permanentTokens = new Map<string, string>()
  private readonly generatedTokens = new Map<string, string>()
  private faults: Fault[] = []
  private server?: http.Server
  private sequence = 0

  /** `tokenKey`: the merchant's key for `externalTokenLinked.ComputedToken` (HMAC of the card number). */
  constructor(private readonly options: { tokenKey?: string } = {}) {}

  get url() {
    const { port } = this.server!.address() as AddressInfo
    return `http://127.0.0.1:${port}`
  }

  async start(port = 0): Promise<this> {
    this.server = http.createServer((req, res) => void this.handle(req, res))
    await new Promise<void>((resolve) => this.server!.listen(port, "127.0.0.1", resolve))
    return this
  }

  async stop() {
    this.server?.closeAllConnections()
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()))
  }

  /**
   * The next `count` money calls (payments, subsequent, capture, cancel, refund, payouts)
   * meet this fault, consumed in order; reads and hosted tokenization are never faulted.
   */
  inject(fault: Fault, count = 1) {
    for (let i = 0; i < count; i++) this.faults.push(fault)
  }

  clearFaults() {
    this.faults = []
  }

  /** The environment the reference store's medusa-config.ts reads to use this server. */
  env(extra: Record<string, string> = {}): Record<string, string> {
    return {
      OMNI_ACQUIRER: "worldline-direct",
      OMNI_WORLDLINE_ENDPOINT: this.url,
      OMNI_WORLDLINE_MERCHANT_ID: this.credentials.merchantId,
      OMNI_WORLDLINE_API_KEY_ID: this.credentials.apiKeyId,
      OMNI_WORLDLINE_SECRET_API_KEY: this.credentials.secretApiKey,
      OMNI_WORLDLINE_WEBHOOK_KEY_ID: this.credentials.webhookKeyId,
      OMNI_WORLDLINE_WEBHOOK_SECRET: this.credentials.webhookSecret,
      OMNI_ACQUIRER_TIMEOUT_MS: "1000",
      ...extra,
    }
  }

  /** A webhook as Worldline posts it, signed with the webhook secret (or another one, to forge). */
  signedWebhook(event: Record<string, unknown>, secret = this.credentials.webhookSecret) {
    const body = JSON.stringify({ apiVersion: "v1", created: new Date().toISOString(), merchantId: this.credentials.merchantId, ...event })
    return {
      body,
      headers: {
        "content-type": "application/json",
        "x-gcs-signature": createHmac("sha256", secret).update(body).digest("base64"),
        "x-gcs-keyid": this.credentials.webhookKeyId,
      },
    }
  }

  /**
   * What the platform's Tokenizer does when the customer submits the hosted form: keeps
   * the card and links a token to the session. Returns the session id, as the browser gets it.
   */
  tokenize(
    hostedTokenizationId: string,
    pan: string,
    card: { expiryDate?: string; cvv?: string; cardholderName?: string; storePermanently?: boolean } = {}
  ): string {
    const session = this.hosted.get(hostedTokenizationId)
    if (!session) throw new Error(`no hosted tokenization ${hostedTokenizationId}`)
    const expiryDate = card.expiryDate ?? `12${String((new Date().getFullYear() + 2) % 100).padStart(2, "0")}`
    const invalid = cardProblem(pan, expiryDate, card.cvv ?? "123")
    if (invalid) throw new Error(invalid)
    // Temporary unless the browser asked (the Tokenizer's storePermanently), as the platform does.
    const permanent = card.storePermanently ?? false
    const known = permanent ? this.permanentTokens.get(pan) : undefined
    const token: Token = known ? this.tokens.get(known)! : { id: randomUUID(), card: { pan, expiryDate, cardholderName: card.cardholderName }, temporary: !permanent }
    this.tokens.set(token.id, token)
    if (permanent) this.permanentTokens.set(pan, token.id)
    session.tokenId = token.id
    session.tokenStatus = known ? "UNCHANGED" : "CREATED"
    return session.id
  }

  /** The customer's browser on this platform's pages, as the checkout helper drives it. */
  get browser(): HostedPlatform {
    return {
      tokenize: async (id, pan, keep) => this.tokenize(id, pan, { storePermanently: keep }),
      answerChallenge: async (redirectUrl, passed) => {
        this.completeChallenge(new URL(redirectUrl).pathname.split("/").pop()!, passed)
      },
    }
  }

  /**
   * The customer at the issuer's challenge: passes (the payment is then authorized) or
   * fails (REJECTED). Card 3238 fails whatever the customer does. Returns where the
   * browser is sent back: the merchant's returnUrl with `paymentId` and `RETURNMAC`.
   */
  completeChallenge(paymentId: string, passed: boolean): string {
    const payment = this.payments.get(paymentId)
    if (payment?.status !== "REDIRECTED") throw new Error(`payment ${paymentId} is not waiting for a challenge`)
    if (passed && !payment.challengeFails) {
      payment.authentication = "Y"
      this.authorizeNow(payment)
    } else {
      payment.authentication = "N"
      payment.status = "REJECTED"
    }
    const back = new URL(payment.returnUrl!)
    back.searchParams.set("paymentId", payment.id)
    back.searchParams.set("RETURNMAC", payment.returnMac!)
    return back.toString()
  }

  // ------------------------------------------------------------------ transport

  private async handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const raw = Buffer.concat(chunks).toString("utf8")
    const path = req.url!.split("?")[0]
    if (!path.startsWith("/v2/")) return this.browserPages(req.method!, path, raw, res)

    const send = (answer: Answer, extraHeaders: Record<string, string> = {}) => {
      if (res.destroyed) return
      res.writeHead(answer.status, { "content-type": "application/json", ...extraHeaders })
      res.end(JSON.stringify(answer.body))
    }

    let body: any = null
    try {
      body = raw ? JSON.parse(raw) : null
    } catch {
      return send(error(400, "21000020", "INVALID_JSON", "the body is not JSON"))
    }
    const idempotenceKey = header(req, "x-gcs-idempotence-key")
    this.received.push({ method: req.method!, path: req.url!, headers: req.headers, body, idempotenceKey })

    const refusal = this.checkSignature(req)
    if (refusal) {
      this.refusedSignatures.push(refusal)
      return send(error(401, "9002", "AUTHORIZATION_FAILED", refusal))
    }

    const route = this.route(req.method!, path)
    if (!route) return send(error(404, "1002", "UNKNOWN_RESOURCE", `no such resource ${req.url}`))

    // Faults come first, as from a load balancer in front of the platform.
    const fault = route.money ? this.faults.shift() : undefined
    if (fault?.kind === "error") {
      return send(error(fault.status, fault.errorCode, fault.id, `injected ${fault.id}`, undefined, fault.retriable))
    }
    if (fault?.kind === "in_progress") {
      return send(error(409, "1409", "DUPLICATE_REQUEST_IN_PROGRESS", "a request with this idempotence key is in progress"))
    }

    if (idempotenceKey) {
      if (idempotenceKey.length > 40) {
        return send(error(400, "1099", "INVALID_IDEMPOTENCE_KEY", "X-GCS-Idempotence-Key: at most 40 characters", "X-GCS-Idempotence-Key"))
      }
      const stored = this.answers.get(idempotenceKey)
      if (stored) return send(stored, { "X-GCS-Idempotence-Request-Timestamp": String(Date.now()) })
      if (this.running.has(idempotenceKey)) {
        return send(error(409, "1409", "DUPLICATE_REQUEST_IN_PROGRESS", "a request with this idempotence key is in progress"))
      }
    }

    if (idempotenceKey) this.running.add(idempotenceKey)
    try {
      if (fault?.kind === "slow") await sleep(fault.ms)
      const answer = route.run(body, idempotenceKey ?? "")
      // Like the platform: a refusal of the card is kept for the key as well as a success.
      if (idempotenceKey && answer.status < 500) this.answers.set(idempotenceKey, answer)
      // The stored answer is what a retry gets: only this first delivery is lost.
      if (fault?.kind === "lose_answer" || (answer.loseOnce && idempotenceKey)) {
        res.destroy()
        return
      }
      send(answer)
    } finally {
      if (idempotenceKey) this.running.delete(idempotenceKey)
    }
  }

  /**
   * The pages the customer's browser sees (not the merchant's signed API): the hosted
   * card form and its submit, and the issuer's challenge page and its answer.
   */
  private browserPages(method: string, path: string, raw: string, res: http.ServerResponse) {
    const reply = (status: number, body: string, type = "application/json", headers: Record<string, string> = {}) => {
      res.writeHead(status, { "content-type": type, ...headers })
      res.end(body)
    }
    const form = /^\/hostedtokenization\/([^/]+)(\/submit)?$/.exec(path)
    if (form && method === "GET" && !form[2] && this.hosted.has(form[1])) return reply(200, hostedFormPage(form[1]), "text/html")
    if (form && method === "POST" && form[2]) {
      try {
        const card = JSON.parse(raw || "{}")
        const id = this.tokenize(form[1], String(card.cardNumber ?? ""), card)
        return reply(200, JSON.stringify({ hostedTokenizationId: id }))
      } catch (err) {
        return reply(400, JSON.stringify({ message: (err as Error).message }))
      }
    }
    const challenge = /^\/3ds\/(\d+)$/.exec(path)
    const payment = challenge ? this.payments.get(challenge[1]) : undefined
    if (payment?.status === "REDIRECTED" && method === "GET") return reply(200, challengePage(payment.id), "text/html")
    if (payment?.status === "REDIRECTED" && method === "POST") {
      const passed = new URLSearchParams(raw).get("result") === "pass"
      return reply(302, "", "text/plain", { location: this.completeChallenge(payment.id, passed) })
    }
    reply(404, JSON.stringify({ message: `no such page ${path}` }))
  }

  private checkSignature(req: http.IncomingMessage): string | null {
    const auth = header(req, "authorization") ?? ""
    const match = /^GCS v1HMAC:([^:]+):(.+)$/.exec(auth)
    if (!match) return "Authorization: not GCS v1HMAC"
    if (match[1] !== this.credentials.apiKeyId) return `Authorization: unknown API key ${match[1]}`
    const date = header(req, "date") ?? ""
    const at = Date.parse(date)
    if (!Number.isFinite(at) || Math.abs(Date.now() - at) > 15 * 60_000) return "Date: missing or more than 15 minutes off"
    const gcsHeaders: Record<string, string> = {}
    for (const [name, value] of Object.entries(req.headers)) {
      if (name.startsWith("x-gcs-") && typeof value === "string") gcsHeaders[name] = value
    }
    const expected = v1HmacSignature(
      this.credentials.secretApiKey,
      v1HmacStringToSign({
        method: req.method!,
        contentType: req.method === "GET" ? "" : header(req, "content-type") ?? "",
        date,
        gcsHeaders,
        pathAndQuery: req.url!,
      })
    )
    const given = Buffer.from(match[2])
    const wanted = Buffer.from(expected)
    return given.length === wanted.length && timingSafeEqual(given, wanted) ? null : "Authorization: signature does not match"
  }

  private route(method: string, path: string): ApiRoute | null {
    const m = this.credentials.merchantId
    const money = (run: ApiRoute["run"]): ApiRoute => ({ money: true, run })
    const read = (run: () => Answer): ApiRoute => ({ money: false, run })
    const payment = new RegExp(`^/v2/${m}/payments/([^/]+)$`).exec(path)?.[1]
    const details = new RegExp(`^/v2/${m}/payments/([^/]+)/details$`).exec(path)?.[1]
    const hosted = new RegExp(`^/v2/${m}/hostedtokenizations/([^/]+)$`).exec(path)?.[1]
    if (method === "GET") {
      if (payment) return read(() => this.getPayment(payment))
      if (details) return read(() => this.getPaymentDetails(details))
      if (hosted) return read(() => this.getHostedTokenization(hosted))
      return null
    }
    if (method !== "POST") return null
    if (path === `/v2/${m}/payments`) return money((b, k) => this.createPayment(b, k))
    if (path === `/v2/${m}/payouts`) return money((b, k) => this.createPayout(b, k))
    if (path === `/v2/${m}/hostedtokenizations`) return { money: false, run: (b) => this.createHostedTokenization(b) }
    const op = new RegExp(`^/v2/${m}/payments/([^/]+)/(subsequent|capture|cancel|refund)$`).exec(path)
    if (!op) return null
    const [, paymentId, action] = op
    return money((b, k) => {
      switch (action) {
        case "subsequent":
          return this.subsequentPayment(paymentId, b, k)
        case "capture":
          return this.capture(paymentId, b, k)
        case "cancel":
          return this.cancel(paymentId, b, k)
        default:
          return this.refund(paymentId, b, k)
      }
    })
  }

  // ------------------------------------------------------------------ the platform

  private createHostedTokenization(body: any): Answer {
    if (body?.askConsumerConsent !== undefined && typeof body.askConsumerConsent !== "boolean") {
      return error(400, "21000020", "INVALID_VALUE", "askConsumerConsent must be a boolean", "askConsumerConsent")
    }
    const id = randomBytes(16).toString("hex")
    this.hosted.set(id, { id })
    return { status: 200, body: { hostedTokenizationId: id, hostedTokenizationUrl: `${this.url}/hostedtokenization/${id}`, partialRedirectUrl: `${this.url.replace(/^https?:\/\//, "")}/hostedtokenization/${id}` } }
  }

  private getHostedTokenization(id: string): Answer {
    const session = this.hosted.get(id)
    if (!session) return error(404, "1002", "UNKNOWN_HOSTED_TOKENIZATION", `no hosted tokenization ${id}`, "hostedTokenizationId")
    const token = session.tokenId ? this.tokens.get(session.tokenId) : undefined
    // Before the customer submits the form there is no token yet.
    if (!token) return { status: 200, body: {} }
    return {
      status: 200,
      body: {
        token: {
          id: token.id,
          isTemporary: token.temporary,
          paymentProductId: productId(token.card.pan),
          card: { alias: masked(token.card.pan), data: { cardWithoutCvv: this.cardView(token.card) } },
          externalTokenLinked: this.linkedTokens(token.card.pan),
        },
        tokenStatus: session.tokenStatus,
      },
    }
  }

  private getPayment(id: string): Answer {
    const payment = this.payments.get(id)
    if (!payment) return error(404, "1002", "UNKNOWN_PAYMENT_ID", `no payment ${id}`, "paymentId")
    return { status: 200, body: this.paymentView(payment) }
  }

  /** The payment with its operations, as Worldline's `PaymentDetailsResponse` (note the capital `Operations`). */
  private getPaymentDetails(id: string): Answer {
    const payment = this.payments.get(id)
    if (!payment) return error(404, "1002", "UNKNOWN_PAYMENT_ID", `no payment ${id}`, "paymentId")
    const view = this.paymentView(payment)
    return {
      status: 200,
      body: {
        ...view,
        Operations: payment.operations.map((o) => ({
          id: o.id,
          status: o.status,
          amountOfMoney: { amount: o.amount, currencyCode: payment.currency },
          ...(o.merchantReference ? { operationReferences: { merchantReference: o.merchantReference } } : {}),
        })),
      },
    }
  }

  /**
   * Tests' hand on the platform's records: what it says it captured or refunded on a
   * payment changes, as when the platform and the store disagree.
   */
  alterPaymentRecord(id: string, change: { captured?: number; refunded?: number }) {
    const payment = this.payments.get(id)
    if (!payment) throw new Error(`no payment ${id}`)
    if (change.captured) payment.operations.push({ id: `${id}_c${++this.sequence}`, status: "CAPTURED", amount: change.captured })
    if (change.refunded) payment.operations.push({ id: `${id}_r${++this.sequence}`, status: "REFUNDED", amount: change.refunded })
  }

  private createPayment(body: any, key: string): Answer {
    const input = body?.cardPaymentMethodSpecificInput
    const money = body?.order?.amountOfMoney
    const invalid = checkMoney(money, "order.amountOfMoney")
    if (invalid) return invalid
    const source = this.cardOf(body)
    if ("status" in source) return source
    const { card, tokenId } = source
    const id = this.nextPaymentId()
    const rejected = (message: string, errorCode: string) => ({
      status: 402,
      body: {
        errorId: `err-${id}`,
        errors: [{ errorCode, id: "PAYMENT_REJECTED", httpStatusCode: 402, message, retriable: false }],
        paymentResult: { payment: { id, status: "REJECTED", statusOutput: { statusCode: 2 } } },
      },
    })
    if (card.pan === CARDS.declined) return rejected("declined by the issuer", "30511001")
    if (card.pan === CARDS.insufficientFunds) return rejected("insufficient funds", "30051001")
    const payment: Payment = {
      id,
      amount: money.amount,
      currency: money.currencyCode,
      status: "CREATED",
      captured: 0,
      refunded: 0,
      operations: [],
      declinesLater: card.pan === CARDS.declinesLater,
      mode: input?.authorizationMode,
      card,
      tokenId,
      references: body?.order?.references,
      key,
    }
    const creationOutput = tokenId ? { token: tokenId, isNewToken: false, tokenizationSucceeded: true } : undefined
    if (card.pan === CARDS.challenge || card.pan === CARDS.challengeFails) {
      const returnUrl = input?.threeDSecure?.redirectionData?.returnUrl
      if (!returnUrl) {
        return error(400, "21000020", "PARAMETER_MISSING", "returnUrl is required for 3-D Secure", "cardPaymentMethodSpecificInput.threeDSecure.redirectionData.returnUrl")
      }
      Object.assign(payment, { status: "REDIRECTED", returnUrl, returnMac: randomUUID(), challengeFails: card.pan === CARDS.challengeFails })
      this.payments.set(id, payment)
      const merchantAction = { actionType: "REDIRECT", redirectData: { redirectURL: `${this.url}/3ds/${id}`, RETURNMAC: payment.returnMac } }
      return { status: 201, body: { creationOutput, merchantAction, payment: this.paymentView(payment) } }
    }
    payment.authentication = "Y"
    this.payments.set(id, payment)
    this.authorizeNow(payment)
    return { status: 201, body: { creationOutput, payment: this.paymentView(payment) }, loseOnce: card.pan === CARDS.acquirerError }
  }

  /** The card a payment is for: a hosted form's, a kept token's, or one sent in the clear. */
  private cardOf(body: any): { card: Card; tokenId?: string } | Answer {
    const input = body?.cardPaymentMethodSpecificInput
    if (body?.hostedTokenizationId) {
      const session = this.hosted.get(body.hostedTokenizationId)
      const token = session?.tokenId ? this.tokens.get(session.tokenId) : undefined
      if (!token) return error(400, "21000020", "INVALID_VALUE", "hostedTokenizationId is unknown or has no card", "hostedTokenizationId")
      return { card: token.card, tokenId: token.id }
    }
    if (input?.token) {
      const token = this.tokens.get(input.token)
      if (!token) return error(400, "21000020", "INVALID_VALUE", "token is unknown", "cardPaymentMethodSpecificInput.token")
      return { card: token.card, tokenId: token.id }
    }
    const number: string = input?.card?.cardNumber ?? ""
    if (!/^\d{12,19}$/.test(number)) {
      return error(400, "21000030", "INVALID_CARD_NUMBER", "cardNumber is invalid", "cardPaymentMethodSpecificInput.card.cardNumber")
    }
    if (!/^(0[1-9]|1[0-2])\d\d$/.test(input?.card?.expiryDate ?? "")) {
      return error(400, "21000040", "INVALID_EXPIRY_DATE", "expiryDate must be MMYY", "cardPaymentMethodSpecificInput.card.expiryDate")
    }
    return { card: { pan: number, expiryDate: input.card.expiryDate, cardholderName: input.card.cardholderName } }
  }

  /** The issuer says yes: held (or taken, for a SALE) and charged under the creating call's key. */
  private authorizeNow(payment: Payment) {
    const sale = payment.mode === "SALE"
    payment.status = sale ? "CAPTURED" : "PENDING_CAPTURE"
    payment.captured = sale ? payment.amount : 0
    payment.operations.push({ id: payment.id, status: payment.status, amount: payment.amount })
    this.charge("authorize", { amount: payment.amount, currencyCode: payment.currency }, payment.key ?? "", payment.id)
  }

  private subsequentPayment(initialId: string, body: any, key: string): Answer {
    const initial = this.payments.get(initialId)
    if (!initial) return error(404, "1002", "UNKNOWN_PAYMENT_ID", `no payment ${initialId}`, "paymentId")
    const input = body?.subsequentcardPaymentMethodSpecificInput
    if (!input) {
      return error(400, "21000020", "PARAMETER_MISSING", "subsequentcardPaymentMethodSpecificInput is missing", "subsequentcardPaymentMethodSpecificInput")
    }
    const money = body?.order?.amountOfMoney
    const invalid = checkMoney(money, "order.amountOfMoney")
    if (invalid) return invalid
    const id = this.nextPaymentId()
    if (initial.declinesLater) {
      return {
        status: 402,
        body: {
          errorId: `err-${id}`,
          errors: [{ errorCode: "30511001", id: "PAYMENT_REJECTED", message: "declined by the issuer", retriable: false }],
          paymentResult: { payment: { id, status: "REJECTED" } },
        },
      }
    }
    const sale = input.authorizationMode === "SALE"
    const payment: Payment = {
      id,
      amount: money.amount,
      currency: money.currencyCode,
      status: sale ? "CAPTURED" : "PENDING_CAPTURE",
      captured: sale ? money.amount : 0,
      refunded: 0,
      operations: [{ id, status: sale ? "CAPTURED" : "PENDING_CAPTURE", amount: money.amount }],
      declinesLater: false,
      mode: input.authorizationMode,
      card: initial.card,
      tokenId: initial.tokenId,
      references: body?.order?.references,
    }
    this.payments.set(id, payment)
    this.charge("subsequent", money, key, id)
    return { status: 201, body: { payment: this.paymentView(payment) } }
  }

  private capture(paymentId: string, body: any, key: string): Answer {
    const payment = this.payments.get(paymentId)
    if (!payment) return error(404, "1002", "UNKNOWN_PAYMENT_ID", `no payment ${paymentId}`, "paymentId")
    const amount = body?.amount ?? payment.amount - payment.captured
    if (payment.status !== "PENDING_CAPTURE" || amount > payment.amount - payment.captured) {
      return error(409, "300450", "ACTION_NOT_ALLOWED_ON_TARGET", `cannot capture ${amount} of payment ${paymentId} (${payment.status})`)
    }
    payment.captured += amount
    payment.status = payment.captured === payment.amount ? "CAPTURED" : "PENDING_CAPTURE"
    const id = `${paymentId}_c${++this.sequence}`
    payment.operations.push({ id, status: "CAPTURED", amount, merchantReference: body?.operationReferences?.merchantReference })
    this.charge("capture", { amount, currencyCode: payment.currency }, key, id)
    return { status: 200, body: { id, status: "CAPTURED", captureOutput: { amountOfMoney: { amount, currencyCode: payment.currency }, operationReferences: body?.operationReferences } } }
  }

  private cancel(paymentId: string, body: any, key: string): Answer {
    const payment = this.payments.get(paymentId)
    if (!payment) return error(404, "1002", "UNKNOWN_PAYMENT_ID", `no payment ${paymentId}`, "paymentId")
    payment.status = "CANCELLED"
    const amount = body?.amountOfMoney?.amount ?? payment.amount - payment.captured
    payment.operations.push({ id: `${paymentId}_x${++this.sequence}`, status: "CANCELLED", amount })
    this.charge("cancel", { amount, currencyCode: payment.currency }, key, paymentId)
    return { status: 200, body: { payment: this.paymentView(payment) } }
  }

  private refund(paymentId: string, body: any, key: string): Answer {
    const money = body?.amountOfMoney
    const invalid = checkMoney(money, "amountOfMoney")
    if (invalid) return invalid
    const payment = this.payments.get(paymentId)
    // Payments this server did not create are in-store payments made on the platform's
    // terminals: taken as known, without a balance to check.
    if (payment) {
      if (money.amount > payment.captured - payment.refunded) {
        return error(400, "300430", "REFUND_AMOUNT_EXCEEDS_PAID", `refund of ${money.amount} exceeds what is left on ${paymentId}`, "amountOfMoney.amount")
      }
      payment.refunded += money.amount
    }
    const id = `${paymentId}_r${++this.sequence}`
    payment?.operations.push({ id, status: "REFUND_REQUESTED", amount: money.amount, merchantReference: body?.operationReferences?.merchantReference })
    this.charge("refund", money, key, id)
    return { status: 201, body: { id, status: "REFUND_REQUESTED", refundOutput: { amountOfMoney: money, operationReferences: body?.operationReferences } } }
  }

  private createPayout(body: any, key: string): Answer {
    const money = body?.amountOfMoney
    const invalid = checkMoney(money, "amountOfMoney")
    if (invalid) return invalid
    if (!body?.omnichannelPayoutSpecificInput?.paymentId) {
      return error(400, "21000020", "PARAMETER_MISSING", "omnichannelPayoutSpecificInput.paymentId is missing", "omnichannelPayoutSpecificInput.paymentId")
    }
    const id = `po-${this.nextPaymentId()}`
    this.charge("payout", money, key, id)
    return { status: 201, body: { id, status: "PAYOUT_REQUESTED", payoutOutput: { amountOfMoney: money } } }
  }

  private charge(kind: WorldlineCharge["kind"], money: { amount: number; currencyCode: string }, key: string, reference: string) {
    this.charges.push({ kind, amount: money.amount, currency_code: money.currencyCode, idempotency_key: key, reference })
  }

  private paymentView(payment: Payment) {
    const errors =
      payment.status === "REJECTED" && payment.authentication === "N"
        ? [{ errorCode: "40001134", id: "AUTHENTICATION_FAILURE", category: "PAYMENT_PLATFORM_ERROR", httpStatusCode: 402, message: "3-D Secure authentication failed" }]
        : undefined
    return {
      id: payment.id,
      status: payment.status,
      statusOutput: { ...STATUS_OUTPUT[payment.status], ...(errors ? { errors } : {}) },
      paymentOutput: {
        amountOfMoney: { amount: payment.amount, currencyCode: payment.currency },
        references: payment.references ?? undefined,
        ...(payment.card ? { paymentMethod: "card", cardPaymentMethodSpecificOutput: this.cardOutput(payment, payment.card) } : {}),
      },
    }
  }

  private cardOutput(payment: Payment, card: Card) {
    return {
      paymentProductId: productId(card.pan),
      card: { cardNumber: masked(card.pan), expiryDate: card.expiryDate, bin: card.pan.slice(0, 6) },
      ...(payment.tokenId ? { token: payment.tokenId } : {}),
      externalTokenLinked: this.linkedTokens(card.pan),
      ...(payment.authentication ? { threeDSecureResults: { authenticationStatus: payment.authentication, flow: payment.returnMac ? "challenge" : "frictionless" } } : {}),
    }
  }

  private cardView(card: Card) {
    return { cardNumber: masked(card.pan), expiryDate: card.expiryDate, cardholderName: card.cardholderName }
  }

  /**
   * The platform's tokens for a card: `GeneratedToken` (its own CRM token, one per card)
   * and, when the merchant gave a token key, `ComputedToken` (HMAC of the card number).
   */
  private linkedTokens(pan: string) {
    // Format-preserving, as seed 003 describes the platform's CRM token: BIN and last 4 kept, never a valid card number.
    if (!this.generatedTokens.has(pan)) this.generatedTokens.set(pan, generateCrmToken(pan.slice(0, 6), pan.slice(-4), pan.length))
    const computed = this.options.tokenKey ? createHmac("sha256", this.options.tokenKey).update(pan).digest("hex").toUpperCase() : undefined
    return { GeneratedToken: this.generatedTokens.get(pan)!, ...(computed ? { ComputedToken: computed } : {}) }
  }

  /** Omnichannel payment ids are 19 digits, whatever the channel. */
  private nextPaymentId() {
    return `${randomInt(1, 10)}${String(randomInt(0, 1e9)).padStart(9, "0")}${String(++this.sequence).padStart(9, "0")}`
  }
}

function header(req: http.IncomingMessage, name: string): string | undefined {
  const value = req.headers[name]
  return Array.isArray(value) ? value[0] : value
}

function error(status: number, errorCode: string, id: string, message: string, propertyName?: string, retriable = false): Answer {
  return {
    status,
    body: { errorId: `err-${Date.now()}`, errors: [{ errorCode, id, httpStatusCode: status, message, propertyName, retriable }] },
  }
}

function checkMoney(money: any, field: string): Answer | null {
  if (!Number.isInteger(money?.amount) || money.amount <= 0) {
    return error(400, "21000050", "INVALID_AMOUNT", `${field}.amount must be a positive integer`, `${field}.amount`)
  }
  if (!/^[A-Z]{3}$/.test(money?.currencyCode ?? "")) {
    return error(400, "21000060", "INVALID_CURRENCY", `${field}.currencyCode must be ISO 4217`, `${field}.currencyCode`)
  }
  return null
}

/** Worldline's `paymentProductId` of a card number (the brands the sandbox's cards use). */
function productId(pan: string): number {
  if (/^4/.test(pan)) return 1
  if (/^3[47]/.test(pan)) return 2
  if (/^(5[1-5]|2[2-7])/.test(pan)) return 3
  return 0
}

/** How the platform shows a card number: BIN, a mask, last four. */
function masked(pan: string): string {
  return `${pan.slice(0, 6)}${"X".repeat(pan.length - 10)}${pan.slice(-4)}`
}

/** What the hosted form refuses before anything reaches the platform's vault. */
function cardProblem(pan: string, expiryDate: string, cvv: string): string | null {
  if (!/^\d{12,19}$/.test(pan) || !luhn(pan)) return "cardNumber: not a valid card number"
  if (!/^(0[1-9]|1[0-2])\d\d$/.test(expiryDate)) return "expiryDate: MMYY"
  if (!/^\d{3,4}$/.test(cvv)) return "cvv: 3 or 4 digits"
  return null
}

function luhn(pan: string): boolean {
  let sum = 0
  for (let i = 0; i < pan.length; i++) {
    let digit = Number(pan[pan.length - 1 - i])
    if (i % 2 === 1) digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2
    sum += digit
  }
  return sum % 10 === 0
}

/** A bare stand-in for the Hosted Tokenization Page: the parent page gets the id by postMessage. */
function hostedFormPage(id: string): string {
  return `<!doctype html><meta charset="utf-8"><title>Card</title>
<form id="f"><input name="cardNumber" autocomplete="cc-number"><input name="expiryDate" placeholder="MMYY">
<input name="cvv"><input name="cardholderName"><button>Pay</button></form>
<script>
document.getElementById("f").onsubmit = async (e) => {
  e.preventDefault()
  const res = await fetch("/hostedtokenization/${id}/submit", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(Object.fromEntries(new FormData(e.target))) })
  window.parent.postMessage(await res.json(), "*")
}
</script>`
}

/** The issuer's challenge: two buttons, each posting the customer's answer. */
function challengePage(paymentId: string): string {
  return `<!doctype html><meta charset="utf-8"><title>3-D Secure</title>
<form method="post" action="/3ds/${paymentId}"><button name="result" value="pass">Authenticate</button>
<button name="result" value="fail">Fail authentication</button></form>`
}
