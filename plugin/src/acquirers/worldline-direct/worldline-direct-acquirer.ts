import { createHash } from "crypto"
import http from "http"
import https from "https"
import { init, type Client, type PaymentContext, type SdkResponse } from "onlinepayments-sdk-nodejs"
import { detectBrand, normalizePan } from "../../cards/card-details"
import { AcquirerError, type Acquirer, type AcquirerKeys, type AcquirerResult, type AuthorizeRequest, type MoneyRequest, type PayoutRequest } from "../types"
import { errorFromResponse, errorFromTransport, type WorldlineErrorBody } from "./errors"
import { parseWorldlineOptions, type WorldlineDirectSettings } from "./options"
import { DONE_STATUSES, REFUSED_STATUSES } from "./statuses"

/** Worldline's card product ids for the brands we recognise (the platform needs one). */
const PAYMENT_PRODUCT_IDS: Record<string, number> = { visa: 1, amex: 2, mastercard: 3, maestro: 117, jcb: 125, diners: 132 }


type Moved = { id?: string | null; status?: string | null }

/** The platform takes at most 40 ASCII characters; longer keys are hashed, the same way every time. */
export function idempotenceKey(key: string): string {
  return /^[\x21-\x7e]{1,40}$/.test(key) ? key : createHash("sha256").update(key).digest("base64url").slice(0, 40)
}

/**
 * Worldline Direct through its official SDK (6.2 carries the omnichannel fields): it
 * signs each request (v1HMAC) and sends our idempotency key as `X-GCS-Idempotence-Key`.
 * Amounts are already integer minor units, which is what the platform takes. Retrying
 * retryable answers is the job of the `RetryingAcquirer` around this class.
 */
export class WorldlineDirectAcquirer implements Acquirer {
  readonly name = "worldline-direct"
  private readonly settings: WorldlineDirectSettings
  private readonly client: Client

  constructor(options: unknown) {
    this.settings = parseWorldlineOptions(options)
    const url = new URL(this.settings.endpoint)
    const secure = url.protocol === "https:"
    this.client = init({
      host: url.hostname,
      scheme: secure ? "https" : "http",
      port: url.port ? Number(url.port) : secure ? 443 : 80,
      apiKeyId: this.settings.apiKeyId,
      secretApiKey: this.settings.secretApiKey,
      integrator: "medusa-plugin-omnichannel",
      enableLogging: false,
      // Idle sockets are closed instead of piling up behind a hung acquirer.
      connectionOptions: { agent: new (secure ? https.Agent : http.Agent)({ keepAlive: true, timeout: this.settings.timeoutMs * 2 }) },
    })
  }

  async authorize(req: AuthorizeRequest): Promise<AcquirerResult> {
    const order = {
      amountOfMoney: { amount: req.amount, currencyCode: req.currency_code.toUpperCase() },
      references: { merchantReference: req.operation_id },
    }
    const answer = req.card
      ? await this.send(req, (ctx) =>
          this.client.payments.createPayment(this.merchantId, { order, cardPaymentMethodSpecificInput: this.cardInput(req) }, ctx)
        )
      : await this.send(req, (ctx) =>
          this.client.payments.subsequentPayment(
            this.merchantId,
            this.requireInitialReference(req),
            {
              order,
              subsequentcardPaymentMethodSpecificInput: { authorizationMode: req.mode, subsequentType: "Unscheduled" },
            },
            ctx
          )
        )
    const payment = answer.payment ?? {}
    const merchantAction = (answer as { merchantAction?: unknown }).merchantAction
    if (merchantAction && !REFUSED_STATUSES.has(payment.status ?? "")) {
      throw new AcquirerError(
        "invalid",
        "UNSUPPORTED_FLOW",
        `the acquirer asked for customer action (3-D Secure) that this plugin does not support (payment ${payment.id} is ${payment.status})`
      )
    }
    const result = this.expect(payment, DONE_STATUSES.authorization, "authorized")
    return payment.status === "PENDING_CAPTURE" ? result : { ...result, status: "captured" }
  }

  async capture(req: MoneyRequest): Promise<AcquirerResult> {
    const answer = await this.send(req, (ctx) =>
      this.client.payments.capturePayment(
        this.merchantId,
        req.reference,
        { amount: req.amount, operationReferences: { merchantReference: req.operation_id } },
        ctx
      )
    )
    return this.expect(answer, DONE_STATUSES.capture, "captured")
  }

  async cancel(req: Omit<MoneyRequest, "amount"> & { amount?: number }): Promise<AcquirerResult> {
    const answer = await this.send(req, (ctx) =>
      this.client.payments.cancelPayment(
        this.merchantId,
        req.reference,
        req.amount === undefined
          ? {}
          : { amountOfMoney: { amount: req.amount, currencyCode: req.currency_code.toUpperCase() } },
        ctx
      )
    )
    return this.expect(answer.payment ?? {}, DONE_STATUSES.cancel, "cancelled")
  }

  async refund(req: MoneyRequest): Promise<AcquirerResult> {
    const answer = await this.send(req, (ctx) =>
      this.client.payments.refundPayment(
        this.merchantId,
        req.reference,
        {
          amountOfMoney: { amount: req.amount, currencyCode: req.currency_code.toUpperCase() },
          operationReferences: { merchantReference: req.operation_id },
        },
        ctx
      )
    )
    return this.expect(answer, DONE_STATUSES.refund, "refunded")
  }

  async payout(req: PayoutRequest): Promise<AcquirerResult> {
    const answer = await this.send(req, (ctx) =>
      this.client.payouts.createPayout(
        this.merchantId,
        {
          amountOfMoney: { amount: req.amount, currencyCode: req.currency_code.toUpperCase() },
          omnichannelPayoutSpecificInput: { paymentId: req.reference ?? req.payment_id },
          references: { merchantReference: req.operation_id },
        },
        ctx
      )
    )
    return this.expect(answer, DONE_STATUSES.payout, "paid_out")
  }

  private get merchantId() {
    return this.settings.merchantId
  }

  /** One signed call with its idempotence key and time limit; any non-2xx becomes an AcquirerError. */
  private async send<T>(keys: AcquirerKeys, call: (ctx: PaymentContext) => Promise<SdkResponse<T, unknown>>): Promise<T> {
    let timer: NodeJS.Timeout | undefined
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new AcquirerError("retryable", "ACQUIRER_TIMEOUT", `the acquirer did not answer within ${this.settings.timeoutMs} ms`)),
        this.settings.timeoutMs
      )
    })
    let response: SdkResponse<T, unknown>
    try {
      response = await Promise.race([call({ idempotence: { key: idempotenceKey(keys.idempotency_key) } }), timeout])
    } catch (err) {
      throw errorFromTransport(err)
    } finally {
      clearTimeout(timer)
    }
    if (!response.isSuccess) {
      throw errorFromResponse(response.status, response.body as WorldlineErrorBody)
    }
    return response.body
  }

  private cardInput(req: AuthorizeRequest) {
    const card = req.card!
    const pan = normalizePan(card.number)
    if (!pan) {
      throw new AcquirerError("invalid", "INVALID_CARD", "card.number: not a valid card number")
    }
    return {
      authorizationMode: req.mode,
      paymentProductId: PAYMENT_PRODUCT_IDS[detectBrand(pan)],
      card: {
        cardNumber: pan,
        expiryDate: `${String(card.exp_month).padStart(2, "0")}${String(card.exp_year % 100).padStart(2, "0")}`,
        cvv: card.cvc,
        cardholderName: card.holder_name,
      },
      transactionChannel: "ECOMMERCE",
      // seed 003: the first payment of a chain says whether the card may be charged again.
      ...(req.cof
        ? { unscheduledCardOnFileRequestor: req.cof.requestor, unscheduledCardOnFileSequenceIndicator: req.cof.sequence }
        : {}),
    }
  }

  private requireInitialReference(req: AuthorizeRequest): string {
    if (!req.initial_reference) {
      throw new AcquirerError("invalid", "INVALID_DATA", "card: a card or the chain's first payment is required")
    }
    return req.initial_reference
  }

  private expect(moved: Moved, done: ReadonlySet<string>, status: AcquirerResult["status"]): AcquirerResult {
    if (REFUSED_STATUSES.has(moved.status ?? "")) {
      throw new AcquirerError("declined", "DECLINED", `the acquirer refused the operation (Worldline ${moved.id} is ${moved.status})`)
    }
    if (!done.has(moved.status ?? "")) {
      // Accepted but not in a state we know: not settled either way, so ask again later.
      throw new AcquirerError("retryable", "ACQUIRER_STATUS_UNKNOWN", `the acquirer answered status ${moved.status} for ${moved.id}`)
    }
    return this.result(moved, status)
  }

  private result(moved: Moved, status: AcquirerResult["status"]): AcquirerResult {
    if (!moved.id) {
      throw new AcquirerError("retryable", "ACQUIRER_STATUS_UNKNOWN", "the acquirer's answer had no id")
    }
    return { reference: moved.id, status }
  }
}
