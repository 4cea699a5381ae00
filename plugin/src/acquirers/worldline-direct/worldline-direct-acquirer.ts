import type { Client, Domain, PaymentContext, SdkResponse } from "onlinepayments-sdk-nodejs"
import {
  AcquirerError,
  type AcquirerKeys,
  type AcquirerPaymentRecord,
  type AcquirerResult,
  type AuthorizeRequest,
  type HostedCardForm,
  type MoneyRequest,
  type PayoutRequest,
  type TokenizedCard,
} from "../types"
import { AbstractAcquirerProvider } from "../provider"
import { sendToWorldline, worldlineClient } from "./client"
import { authenticationFailed, deviceFrom, tokenizedCardFrom } from "./hosted-card"
import { parseWorldlineOptions, type WorldlineDirectSettings } from "./options"
import { DONE_STATUSES, REFUSED_STATUSES, WAITING_STATUSES } from "./statuses"

type Moved = { id?: string | null; status?: string | null }

/**
 * Worldline Direct through its official SDK (6.2 carries the omnichannel fields): it
 * signs each request (v1HMAC) and sends our idempotency key as `X-GCS-Idempotence-Key`.
 * Amounts are already integer minor units, which is what the platform takes. Retrying
 * retryable answers is the job of the `RetryingAcquirer` around this class.
 */
export class WorldlineDirectAcquirer extends AbstractAcquirerProvider {
  static identifier = "worldline-direct"
  static validateOptions = parseWorldlineOptions
  private readonly settings: WorldlineDirectSettings
  private readonly client: Client

  /** `options`: the plugin's option `worldline`. */
  constructor(options: unknown) {
    super()
    this.settings = parseWorldlineOptions(options)
    this.client = worldlineClient(this.settings)
  }

  /** Worldline's omnichannel payment id is the chain's payment id. */
  get issuesPaymentIds(): boolean {
    return true
  }

  /** The webhook key id and secret from the merchant portal (the webhook route checks signatures with them). */
  get webhookSecrets(): { webhookKeyId?: string; webhookSecret?: string } {
    return { webhookKeyId: this.settings.webhookKeyId, webhookSecret: this.settings.webhookSecret }
  }

  async authorize(req: AuthorizeRequest): Promise<AcquirerResult> {
    const answer: Domain.CreatePaymentResponse =
      req.hosted_tokenization_id || req.acquirer_token
        ? await this.send(req, (ctx) => this.client.payments.createPayment(this.merchantId, this.firstPayment(req), ctx))
        : await this.send(req, (ctx) =>
            this.client.payments.subsequentPayment(
              this.merchantId,
              this.requireInitialReference(req),
              {
                order: this.order(req),
                subsequentcardPaymentMethodSpecificInput: { authorizationMode: req.mode, subsequentType: "Unscheduled" },
              },
              ctx
            )
          )
    const payment = answer.payment ?? {}
    const action = answer.merchantAction
    if (action && !REFUSED_STATUSES.has(payment.status ?? "")) {
      return this.customerAction(payment, action)
    }
    return this.settled(payment)
  }

  async createHostedCardForm(req: { idempotency_key: string; locale?: string }): Promise<HostedCardForm> {
    const answer = await this.send(req, (ctx) =>
      this.client.hostedTokenization.createHostedTokenization(
        this.merchantId,
        // No consent box in the form: the storefront asks, and its Tokenizer call says
        // `storePermanently`, so a kept card gets a permanent token.
        { askConsumerConsent: false, ...(req.locale ? { locale: req.locale } : {}) },
        ctx
      )
    )
    if (!answer.hostedTokenizationId || !answer.hostedTokenizationUrl) {
      throw new AcquirerError("retryable", "ACQUIRER_STATUS_UNKNOWN", "the acquirer's hosted tokenization answer had no id or url")
    }
    return { kind: "worldline", id: answer.hostedTokenizationId, url: answer.hostedTokenizationUrl }
  }

  async describeHostedCard(hostedTokenizationId: string): Promise<TokenizedCard> {
    try {
      const answer = await this.send(null, () => this.client.hostedTokenization.getHostedTokenization(this.merchantId, hostedTokenizationId))
      return tokenizedCardFrom(hostedTokenizationId, answer)
    } catch (err) {
      // Any refusal of the id itself (404, 400) means the storefront sent one we never made.
      if (err instanceof AcquirerError && err.kind === "invalid" && err.reason === "INVALID_DATA" && !err.message.startsWith("hosted_tokenization_id:")) {
        throw new AcquirerError("invalid", "INVALID_DATA", `hosted_tokenization_id: ${err.message}`)
      }
      throw err
    }
  }

  async getPayment(reference: string): Promise<AcquirerResult> {
    const payment = await this.send(null, () => this.client.payments.getPayment(this.merchantId, reference))
    if (REFUSED_STATUSES.has(payment.status ?? "") && authenticationFailed(payment)) {
      throw new AcquirerError(
        "declined",
        "AUTHENTICATION_FAILED",
        `3-D Secure authentication failed: the customer did not pass the issuer's check (Worldline ${payment.id} is ${payment.status})`
      )
    }
    if (payment.status === "CANCELLED") return this.result(payment, "cancelled")
    if (WAITING_STATUSES.has(payment.status ?? "")) return this.result(payment, "requires_action")
    return this.settled(payment)
  }

  /**
   * The platform's operations on one payment (GET .../payments/{id}/details): captures (a
   * SALE's own taking included) and refunds, counted in the statuses our own calls count as
   * done. A payment the platform does not know (404) throws `invalid`.
   */
  async paymentRecord(reference: string): Promise<AcquirerPaymentRecord | null> {
    const details = await this.send(null, async () => {
      const response = await this.client.payments.getPaymentDetails(this.merchantId, reference)
      if (response.status === 404) {
        throw new AcquirerError("invalid", "UNKNOWN_PAYMENT", `reference: Worldline knows no payment ${reference}`)
      }
      return response
    })
    const operations = details.Operations ?? []
    const sum = (done: ReadonlySet<string>) =>
      operations.filter((o) => done.has(o.status ?? "")).reduce((total, o) => total + (o.amountOfMoney?.amount ?? 0), 0)
    return {
      reference,
      currency_code: (details.paymentOutput?.amountOfMoney?.currencyCode ?? operations[0]?.amountOfMoney?.currencyCode ?? "").toUpperCase(),
      status: details.status ?? "UNKNOWN",
      captured: sum(DONE_STATUSES.capture),
      refunded: sum(DONE_STATUSES.refund),
    }
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

  private send<T>(keys: AcquirerKeys | null, call: (ctx?: PaymentContext) => Promise<SdkResponse<T, unknown>>): Promise<T> {
    return sendToWorldline(this.settings.timeoutMs, keys, call)
  }

  private order(req: AuthorizeRequest) {
    return {
      amountOfMoney: { amount: req.amount, currencyCode: req.currency_code.toUpperCase() },
      references: { merchantReference: req.operation_id },
    }
  }

  /**
   * A chain's first payment: the card the customer typed in the hosted form, or a card
   * the platform kept for us (its token). The card number never passes through here.
   */
  private firstPayment(req: AuthorizeRequest): Domain.CreatePaymentRequest {
    const device = req.browser ? deviceFrom(req.browser) : undefined
    return {
      ...(req.hosted_tokenization_id ? { hostedTokenizationId: req.hosted_tokenization_id } : {}),
      order: { ...this.order(req), ...(device ? { customer: { device } } : {}) },
      cardPaymentMethodSpecificInput: {
        authorizationMode: req.mode,
        transactionChannel: "ECOMMERCE",
        ...(req.hosted_tokenization_id ? {} : { token: req.acquirer_token }),
        // seed 003: the first payment of a chain says whether the card may be charged again.
        ...(req.cof
          ? { unscheduledCardOnFileRequestor: req.cof.requestor, unscheduledCardOnFileSequenceIndicator: req.cof.sequence }
          : {}),
        // Where the issuer's challenge sends the customer back.
        ...(req.return_url ? { threeDSecure: { redirectionData: { returnUrl: req.return_url } } } : {}),
      },
    }
  }

  /** 3-D Secure wants the customer: the payment waits until they come back (`getPayment`). */
  private customerAction(payment: Moved, action: Domain.MerchantAction): AcquirerResult {
    const url = action.redirectData?.redirectURL
    if (action.actionType !== "REDIRECT" || !url) {
      throw new AcquirerError(
        "invalid",
        "UNSUPPORTED_FLOW",
        `the acquirer asked for a customer action (${action.actionType}) this plugin does not support (payment ${payment.id} is ${payment.status})`
      )
    }
    return { ...this.result(payment, "requires_action"), redirect_url: url }
  }

  /** A first or subsequent payment the platform decided: held, or already taken. */
  private settled(payment: Moved): AcquirerResult {
    const result = this.expect(payment, DONE_STATUSES.authorization, "authorized")
    return payment.status === "PENDING_CAPTURE" ? result : { ...result, status: "captured" }
  }

  private requireInitialReference(req: AuthorizeRequest): string {
    if (!req.initial_reference) {
      throw new AcquirerError("invalid", "INVALID_DATA", "hosted_tokenization_id: a hosted card, a kept card's token or the chain's first payment is required")
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
