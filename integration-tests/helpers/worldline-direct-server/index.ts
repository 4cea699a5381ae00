import http from "http"
import type { AddressInfo } from "net"
import { setTimeout as sleep } from "timers/promises"
import type { HostedPlatform } from "../checkout"
import { error, header, type Answer } from "./answers"
import { faultAnswer, Faults, type Fault } from "./faults"
import { IdempotenceKeys } from "./idempotency"
import { browserPages } from "./pages"
import { PaymentBook } from "./payments"
import { signatureProblem, signedWebhook, WORLDLINE_TEST_CREDENTIALS } from "./signing"
import { TokenVault } from "./tokens"

export { v1HmacSignature, v1HmacStringToSign, WORLDLINE_TEST_CREDENTIALS } from "./signing"
export type { WorldlineCharge } from "./payments"
export type { Fault } from "./faults"

type ApiRoute = { money: boolean; run: (body: any, key: string) => Answer }
type Received = { method: string; path: string; headers: http.IncomingHttpHeaders; body: any; idempotenceKey?: string }

/**
 * A local stand-in for Worldline Direct that speaks its REST contract: v1HMAC-signed
 * requests (checked independently of the SDK the plugin uses, see signing.ts),
 * X-GCS-Idempotence-Key (same key = first answer again; while the first runs, 409 `1409`;
 * idempotency.ts), its error bodies, and the test cards of the sandbox (payments.ts). It
 * can be told to fail, be slow, answer "in progress", or commit a call and lose its answer
 * (faults.ts). It is the only simulated party.
 *
 * It also plays the platform's side of the browser (pages.ts): the Hosted Tokenization Page
 * (where the customer types the card, so card numbers live only here, tokens.ts) and the
 * issuer's 3-D Secure challenge page, each with a method tests can call instead of a browser.
 */
export class WorldlineDirectServer {
  readonly credentials = WORLDLINE_TEST_CREDENTIALS
  readonly received: Received[] = []
  /** Requests refused for their signature, with the reason. */
  readonly refusedSignatures: string[] = []
  private readonly tokens: TokenVault
  private readonly payments: PaymentBook
  private readonly keys = new IdempotenceKeys()
  private readonly faults = new Faults()
  private server?: http.Server

  /** `tokenKey`: the merchant's key for `externalTokenLinked.ComputedToken` (HMAC of the card number). */
  constructor(options: { tokenKey?: string } = {}) {
    this.tokens = new TokenVault(() => this.url, options.tokenKey)
    this.payments = new PaymentBook(this.tokens, () => this.url)
  }

  /** Every money movement the platform made, in order. */
  get charges() {
    return this.payments.charges
  }

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
    this.faults.inject(fault, count)
  }

  clearFaults() {
    this.faults.clear()
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
    return signedWebhook(event, this.credentials, secret)
  }

  /** The customer submitting the hosted form (see TokenVault.tokenize). Returns the session id, as the browser gets it. */
  tokenize(
    hostedTokenizationId: string,
    pan: string,
    card: { expiryDate?: string; cvv?: string; cardholderName?: string; storePermanently?: boolean } = {}
  ): string {
    return this.tokens.tokenize(hostedTokenizationId, pan, card)
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

  /** The customer at the issuer's challenge (see PaymentBook.completeChallenge): where the browser is sent back. */
  completeChallenge(paymentId: string, passed: boolean): string {
    return this.payments.completeChallenge(paymentId, passed)
  }

  /**
   * Tests' hand on the platform's records: what it says it captured or refunded on a
   * payment changes, as when the platform and the store disagree.
   */
  alterPaymentRecord(id: string, change: { captured?: number; refunded?: number }) {
    this.payments.alterPaymentRecord(id, change)
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const raw = Buffer.concat(chunks).toString("utf8")
    const path = req.url!.split("?")[0]
    if (!path.startsWith("/v2/")) return browserPages({ tokens: this.tokens, payments: this.payments }, { method: req.method!, path, raw }, res)

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

    const refusal = signatureProblem(req, this.credentials)
    if (refusal) {
      this.refusedSignatures.push(refusal)
      return send(error(401, "9002", "AUTHORIZATION_FAILED", refusal))
    }

    const route = this.route(req.method!, path)
    if (!route) return send(error(404, "1002", "UNKNOWN_RESOURCE", `no such resource ${req.url}`))

    // Faults come first, as from a load balancer in front of the platform.
    const fault = this.faults.next(route.money)
    const faulted = faultAnswer(fault)
    if (faulted) return send(faulted)

    const earlier = this.keys.answerWithoutRunning(idempotenceKey)
    if (earlier) return send(earlier.answer, earlier.headers)

    const answer = await this.keys.run(idempotenceKey, async () => {
      if (fault?.kind === "slow") await sleep(fault.ms)
      return route.run(body, idempotenceKey ?? "")
    })
    // The stored answer is what a retry gets: only this first delivery is lost.
    if (fault?.kind === "lose_answer" || (answer.loseOnce && idempotenceKey)) {
      res.destroy()
      return
    }
    send(answer)
  }

  private route(method: string, path: string): ApiRoute | null {
    const m = this.credentials.merchantId
    const money = (run: ApiRoute["run"]): ApiRoute => ({ money: true, run })
    const read = (run: () => Answer): ApiRoute => ({ money: false, run })
    const payment = new RegExp(`^/v2/${m}/payments/([^/]+)$`).exec(path)?.[1]
    const details = new RegExp(`^/v2/${m}/payments/([^/]+)/details$`).exec(path)?.[1]
    const hosted = new RegExp(`^/v2/${m}/hostedtokenizations/([^/]+)$`).exec(path)?.[1]
    if (method === "GET") {
      if (payment) return read(() => this.payments.getPayment(payment))
      if (details) return read(() => this.payments.getPaymentDetails(details))
      if (hosted) return read(() => this.tokens.getHostedTokenization(hosted))
      return null
    }
    if (method !== "POST") return null
    if (path === `/v2/${m}/payments`) return money((b, k) => this.payments.createPayment(b, k))
    if (path === `/v2/${m}/payouts`) return money((b, k) => this.payments.createPayout(b, k))
    if (path === `/v2/${m}/hostedtokenizations`) return { money: false, run: (b) => this.tokens.createHostedTokenization(b) }
    const op = new RegExp(`^/v2/${m}/payments/([^/]+)/(subsequent|capture|cancel|refund)$`).exec(path)
    if (!op) return null
    const [, paymentId, action] = op
    return money((b, k) => {
      switch (action) {
        case "subsequent":
          return this.payments.subsequentPayment(paymentId, b, k)
        case "capture":
          return this.payments.capture(paymentId, b, k)
        case "cancel":
          return this.payments.cancel(paymentId, b, k)
        default:
          return this.payments.refund(paymentId, b, k)
      }
    })
  }
}
