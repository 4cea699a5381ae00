import { createHmac, randomInt, timingSafeEqual } from "crypto"
import http from "http"
import type { AddressInfo } from "net"
import { setTimeout as sleep } from "timers/promises"

/**
 * A local stand-in for Worldline Direct that speaks its REST contract: v1HMAC-signed
 * requests (checked independently of the SDK the plugin uses), X-GCS-Idempotence-Key
 * (same key = first answer again; while the first runs, 409 `1409`), its error bodies,
 * and the test cards of the sandbox. It can be told to fail, be slow, answer "in
 * progress", or commit a call and lose its answer. It is the only simulated party.
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

type Payment = { id: string; amount: number; currency: string; status: string; captured: number; refunded: number; declinesLater: boolean }
type Answer = { status: number; body: unknown }
type Received = { method: string; path: string; headers: http.IncomingHttpHeaders; body: any; idempotenceKey?: string }

const CARDS = {
  declined: "4000000000000002",
  insufficientFunds: "4000000000009995",
  acquirerError: "4000000000000119",
  declinesLater: "4000000000000341",
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
  private readonly lostOnce = new Set<string>()
  private faults: Fault[] = []
  private server?: http.Server
  private sequence = 0

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

  /** The next `count` money calls meet this fault (consumed in order). */
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

  // ------------------------------------------------------------------ transport

  private async handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const raw = Buffer.concat(chunks).toString("utf8")
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

    const route = this.route(req.method!, req.url!)
    if (!route) return send(error(404, "1002", "UNKNOWN_RESOURCE", `no such resource ${req.url}`))

    // Faults come first, as from a load balancer in front of the platform.
    const fault = this.faults.shift()
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
      const answer = route(body, idempotenceKey ?? "")
      // Like the platform: a refusal of the card is kept for the key as well as a success.
      if (idempotenceKey && answer.status < 500) this.answers.set(idempotenceKey, answer)
      const loseAnswer =
        fault?.kind === "lose_answer" ||
        (idempotenceKey && body?.cardPaymentMethodSpecificInput?.card?.cardNumber === CARDS.acquirerError && !this.lostOnce.has(idempotenceKey))
      if (loseAnswer) {
        if (idempotenceKey) this.lostOnce.add(idempotenceKey)
        res.destroy()
        return
      }
      send(answer)
    } finally {
      if (idempotenceKey) this.running.delete(idempotenceKey)
    }
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

  private route(method: string, url: string): ((body: any, key: string) => Answer) | null {
    if (method !== "POST") return null
    const m = this.credentials.merchantId
    const path = url.split("?")[0]
    if (path === `/v2/${m}/payments`) return (b, k) => this.createPayment(b, k)
    if (path === `/v2/${m}/payouts`) return (b, k) => this.createPayout(b, k)
    const op = new RegExp(`^/v2/${m}/payments/([^/]+)/(subsequent|capture|cancel|refund)$`).exec(path)
    if (!op) return null
    const [, paymentId, action] = op
    return (b, k) => {
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
    }
  }

  // ------------------------------------------------------------------ the platform

  private createPayment(body: any, key: string): Answer {
    const input = body?.cardPaymentMethodSpecificInput
    const money = body?.order?.amountOfMoney
    const invalid = checkMoney(money, "order.amountOfMoney")
    if (invalid) return invalid
    const number: string = input?.card?.cardNumber ?? ""
    if (!/^\d{12,19}$/.test(number)) {
      return error(400, "21000030", "INVALID_CARD_NUMBER", "cardNumber is invalid", "cardPaymentMethodSpecificInput.card.cardNumber")
    }
    if (!/^(0[1-9]|1[0-2])\d\d$/.test(input?.card?.expiryDate ?? "")) {
      return error(400, "21000040", "INVALID_EXPIRY_DATE", "expiryDate must be MMYY", "cardPaymentMethodSpecificInput.card.expiryDate")
    }
    const id = this.nextPaymentId()
    const rejected = (message: string, errorCode: string) => ({
      status: 402,
      body: {
        errorId: `err-${id}`,
        errors: [{ errorCode, id: "PAYMENT_REJECTED", httpStatusCode: 402, message, retriable: false }],
        paymentResult: { payment: { id, status: "REJECTED", statusOutput: { statusCode: 2 } } },
      },
    })
    if (number === CARDS.declined) return rejected("declined by the issuer", "30511001")
    if (number === CARDS.insufficientFunds) return rejected("insufficient funds", "30051001")
    const sale = input?.authorizationMode === "SALE"
    const payment: Payment = {
      id,
      amount: money.amount,
      currency: money.currencyCode,
      status: sale ? "CAPTURED" : "PENDING_CAPTURE",
      captured: sale ? money.amount : 0,
      refunded: 0,
      declinesLater: number === CARDS.declinesLater,
    }
    this.payments.set(id, payment)
    this.charge("authorize", money, key, id)
    return { status: 201, body: { payment: this.paymentView(payment, body?.order?.references) } }
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
    const payment: Payment = { id, amount: money.amount, currency: money.currencyCode, status: sale ? "CAPTURED" : "PENDING_CAPTURE", captured: sale ? money.amount : 0, refunded: 0, declinesLater: false }
    this.payments.set(id, payment)
    this.charge("subsequent", money, key, id)
    return { status: 201, body: { payment: this.paymentView(payment, body?.order?.references) } }
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
    this.charge("capture", { amount, currencyCode: payment.currency }, key, id)
    return { status: 200, body: { id, status: "CAPTURED", captureOutput: { amountOfMoney: { amount, currencyCode: payment.currency }, operationReferences: body?.operationReferences } } }
  }

  private cancel(paymentId: string, body: any, key: string): Answer {
    const payment = this.payments.get(paymentId)
    if (!payment) return error(404, "1002", "UNKNOWN_PAYMENT_ID", `no payment ${paymentId}`, "paymentId")
    payment.status = "CANCELLED"
    const amount = body?.amountOfMoney?.amount ?? payment.amount - payment.captured
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

  private paymentView(payment: Payment, references?: unknown) {
    return {
      id: payment.id,
      status: payment.status,
      paymentOutput: { amountOfMoney: { amount: payment.amount, currencyCode: payment.currency }, references: references ?? undefined },
    }
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
