import type {
  AuthorizePaymentInput,
  AuthorizePaymentOutput,
  CancelPaymentInput,
  CancelPaymentOutput,
  CapturePaymentInput,
  CapturePaymentOutput,
  CreateAccountHolderInput,
  CreateAccountHolderOutput,
  DeleteAccountHolderInput,
  DeleteAccountHolderOutput,
  DeletePaymentInput,
  DeletePaymentOutput,
  GetPaymentStatusInput,
  GetPaymentStatusOutput,
  InitiatePaymentInput,
  InitiatePaymentOutput,
  ListPaymentMethodsInput,
  ListPaymentMethodsOutput,
  Logger,
  ProviderWebhookPayload,
  RefundPaymentInput,
  RefundPaymentOutput,
  RetrievePaymentInput,
  RetrievePaymentOutput,
  UpdatePaymentInput,
  UpdatePaymentOutput,
  WebhookActionResult,
} from "@medusajs/framework/types"
import { AbstractPaymentProvider, MedusaError } from "@medusajs/framework/utils"
import { keptCardsOf, savedCardView } from "../../cards/kept-cards"
import { OmnichannelError } from "../../errors/omnichannel-error"
import { toMinor } from "../../money"
import type { RefundOrigin } from "../../modules/omnichannel/money/types"
import { remainingAuthorization } from "../../modules/omnichannel/utils/totals"
import { ProviderDependencies } from "./dependencies"
import { medusaCaptureAmount, medusaRefundOrigin } from "./medusa-reads"
import { describePayment, isPaymentData, paidStatus, paymentData, SESSION_STATUS, sessionKey, type CardRequiredData, type OmnichannelPaymentData } from "./payment-data"
import { describeRecordedOperation, keptCardOfSession } from "./payment-sources"
import { offlineCancel, offlineCapture } from "./offline-payments"
import { parseSessionChoices } from "./session-choices"

export type { OmnichannelPaymentData }

export type OmnichannelProviderOptions = {
  /** Capture at checkout (a SALE) instead of authorizing and capturing later. */
  autoCapture?: boolean
}

/**
 * Medusa payment provider `pp_omnichannel_<id>`: translates Medusa's provider calls into
 * the omnichannel module's money API, which records each on the payment's chain and asks
 * the acquirer. The card is authorized when the session is created (the card itself is
 * never kept, so it cannot wait for cart completion); captures, refunds and cancels made
 * with Medusa's own admin actions become the chain's. The modules it works with come from
 * the payment module's `dependencies` in medusa-config.ts (see dependencies.ts).
 */
class OmnichannelPaymentProvider extends AbstractPaymentProvider<OmnichannelProviderOptions> {
  static identifier = "omnichannel"

  protected readonly options_: OmnichannelProviderOptions
  protected readonly logger_: Logger
  protected readonly deps_: ProviderDependencies

  constructor(cradle: Record<string, unknown>, options: OmnichannelProviderOptions = {}) {
    super(cradle, options)
    this.options_ = options ?? {}
    this.logger_ = cradle.logger as Logger
    this.deps_ = new ProviderDependencies(cradle)
  }

  /** The omnichannel module, read at call time (it loads after the payment module). */
  protected get ledger() {
    return this.deps_.ledger
  }

  /**
   * Without a card yet, the session carries the platform's hosted card form for the
   * storefront to show. With the form's `hosted_tokenization_id` (or a kept card's CRM
   * token in `saved_card`), the card is authorized now; when the issuer wants the customer
   * (3-D Secure) the session is `requires_more` with the `redirect_url` to send them to.
   */
  async initiatePayment(input: InitiatePaymentInput): Promise<InitiatePaymentOutput> {
    const choices = parseSessionChoices(input.data)
    if (choices.recorded_operation_id) {
      return await describeRecordedOperation(this.ledger, choices.recorded_operation_id, toMinor(input.amount, input.currency_code))
    }
    const ledger = this.ledger
    const card = choices.hosted_tokenization_id
      ? ({ kind: "hosted", hosted_tokenization_id: choices.hosted_tokenization_id } as const)
      : choices.saved_card
        ? ({ kind: "saved", card_token: await keptCardOfSession(this.deps_.query, choices.saved_card, input.context) } as const)
        : null
    if (!card) {
      const form = await ledger.openHostedCardForm({ idempotency_key: sessionKey(input) })
      const waiting: CardRequiredData = { status: "card_required", hosted_card: form }
      return { id: form.id, data: waiting }
    }
    const currency = input.currency_code
    const first = await ledger.authorizeFirst({
      card,
      amount: toMinor(input.amount, currency),
      currency_code: currency,
      mode: this.options_.autoCapture ? "SALE" : "FINAL_AUTHORIZATION",
      channel: "online",
      store_credentials: choices.store_credentials === true,
      idempotency_key: sessionKey(input),
      return_url: choices.return_url,
      browser: choices.browser,
    })
    const data = describePayment(first.chain, first.operation, first.card_token, {
      card: first.card,
      computedToken: first.offline_token && ledger.offlineTokensEnabled ? first.offline_token : undefined,
      redirect_url: first.action?.redirect_url ?? undefined,
    })
    // `hosted_card` overwrites the form of the session's first step: Medusa merges this over its input.
    return { id: first.chain.payment_id, data: { ...data, hosted_card: null }, ...(first.action ? { status: SESSION_STATUS.requires_action } : {}) }
  }

  async authorizePayment(input: AuthorizePaymentInput): Promise<AuthorizePaymentOutput> {
    const given = input.data as Record<string, unknown> | undefined
    // A session whose creation was cut off (its instance died) before Medusa stored what
    // initiatePayment described still names only the recorded operation: describe it now.
    if (typeof given?.recorded_operation_id === "string" && !isPaymentData(given)) {
      const data = paymentData((await describeRecordedOperation(this.ledger, given.recorded_operation_id)).data)
      return { status: SESSION_STATUS[data.status], data }
    }
    if (given?.status === "card_required") {
      throw new MedusaError(MedusaError.Types.PAYMENT_AUTHORIZATION_ERROR, "card: enter the card in the card form first (no card was given to this payment session)")
    }
    const data = paymentData(given)
    if (data.status !== "requires_action") {
      return { status: SESSION_STATUS[data.status], data }
    }
    // Back from 3-D Secure (or asked again): the acquirer says how it ended.
    const op = await this.ledger.settle(data.operation_id)
    if (op.status === "pending") {
      // Medusa's cart completion answers this error type with 200 and the cart: the storefront sends the customer on.
      throw new MedusaError(
        MedusaError.Types.PAYMENT_REQUIRES_MORE_ERROR,
        "3-D Secure: the customer has not finished authenticating with the card issuer (see the session's redirect_url)"
      )
    }
    if (op.status === "failed") {
      throw new MedusaError(MedusaError.Types.PAYMENT_AUTHORIZATION_ERROR, op.error_message ?? "the card payment was refused")
    }
    const settled: OmnichannelPaymentData = { ...data, status: paidStatus(op), redirect_url: null }
    return { status: SESSION_STATUS[settled.status], data: settled }
  }

  async capturePayment(input: CapturePaymentInput): Promise<CapturePaymentOutput> {
    const data = paymentData(input.data)
    if (data.status === "captured") {
      return { data }
    }
    const ledger = this.ledger
    const operations = await ledger.listOmnichannelOperations({ chain_id: data.chain_id })
    const auth = operations.find((o) => o.id === data.operation_id)!
    const offline = offlineCapture(auth, data)
    if (offline) return offline
    const captureId = input.context?.idempotency_key
    // Medusa tells the provider which capture (its id is the key) but not how much: ask it.
    const amount = (await medusaCaptureAmount(this.deps_, captureId, data.currency_code)) ?? remainingAuthorization(auth, operations)
    const op = await ledger.capture({
      chain_id: data.chain_id,
      authorization_id: auth.id,
      amount,
      channel: "online",
      idempotency_key: captureId ?? `capture:${auth.id}`,
    })
    const remaining = remainingAuthorization(auth, [...operations, op])
    return { data: { ...data, status: remaining > 0 ? "authorized" : "captured", last_operation_id: op.id } }
  }

  /**
   * A refund made with Medusa's refund (its button, or the plugin's refund workflow, which
   * says in the Medusa refund's metadata who asked and how the money goes back). Medusa's
   * own refund is announced by a workflow on its `payment.refunded` event, not here.
   */
  async refundPayment(input: RefundPaymentInput): Promise<RefundPaymentOutput> {
    const data = paymentData(input.data)
    const ledger = this.ledger
    const amount = toMinor(input.amount, data.currency_code)
    // Medusa's refund id is the context key.
    const refundId = input.context?.idempotency_key
    const ours = await medusaRefundOrigin(this.deps_, refundId)
    const origin: RefundOrigin = ours ?? {
      reference: refundId ?? `medusa-refund:${data.operation_id}`,
      idempotency_key: refundId ?? `medusa-refund:${data.operation_id}`,
      channel: "online" as const,
    }
    // Medusa's own refund (no origin of ours) can only go back to a card: a cash or gift-card
    // payment is refunded through the plugin's refund, which says how the money goes back.
    if (!ours) {
      const paid = await ledger.retrieveOmnichannelOperation(data.operation_id).catch(() => null)
      if (paid && paid.method !== "card") {
        throw new OmnichannelError("OPERATION_NOT_ALLOWED", `method: a ${paid.method} payment is refunded with the omnichannel refund (cash at a till, store credit or a gift card)`, "method")
      }
    }
    await ledger.refund({ chain_id: data.chain_id, amount, origin: { ...origin, method: origin.method ?? "card" }, payment_operation_id: data.operation_id })
    return { data }
  }

  async cancelPayment(input: CancelPaymentInput): Promise<CancelPaymentOutput> {
    let data = paymentData(input.data)
    const ledger = this.ledger
    if (data.status === "requires_action") {
      const settled = await this.releaseUnfinishedChallenge(data)
      if (!settled) {
        return { data: { ...data, status: "canceled" } }
      }
      data = settled
    }
    if (data.status !== "authorized") {
      return { data }
    }
    const operations = await ledger.listOmnichannelOperations({ chain_id: data.chain_id })
    const auth = operations.find((o) => o.id === data.operation_id)
    const offline = offlineCancel(auth, data)
    if (offline) return offline
    const remaining = auth ? remainingAuthorization(auth, operations) : 0
    if (auth && remaining > 0) {
      await ledger.cancel({ chain_id: data.chain_id, authorization_id: auth.id, amount: remaining, channel: "online", idempotency_key: `cancel:${auth.id}` })
    }
    return { data: { ...data, status: "canceled" } }
  }

  /**
   * A session replaced or dropped while its 3-D Secure waits: nothing may be left held. Still
   * waiting -> cancelled at the acquirer and failed on the chain (null); passed meanwhile ->
   * the authorized payment, to cancel as any. An acquirer that cannot answer now leaves it to
   * the settle job (null), so replacing a session never fails for it.
   */
  private async releaseUnfinishedChallenge(data: OmnichannelPaymentData): Promise<OmnichannelPaymentData | null> {
    try {
      const op = await this.ledger.settle(data.operation_id, { give_up: "the payment session was replaced or removed before 3-D Secure finished" })
      if (op.status === "succeeded") {
        return { ...data, status: paidStatus(op) }
      }
    } catch (err) {
      // The acquirer could not confirm the cancel: the operation stays pending for the settle job.
      if (!(err instanceof OmnichannelError)) throw err
      this.logger_?.warn(`omnichannel: operation ${data.operation_id} left for the settle job: ${err.message}`)
    }
    return null
  }

  async deletePayment(input: DeletePaymentInput): Promise<DeletePaymentOutput> {
    // An abandoned session releases the money held on the card.
    if (isPaymentData(input.data)) {
      return await this.cancelPayment(input)
    }
    return { data: input.data }
  }

  async getPaymentStatus(input: GetPaymentStatusInput): Promise<GetPaymentStatusOutput> {
    const data = paymentData(input.data)
    return { status: SESSION_STATUS[data.status], data }
  }

  async retrievePayment(input: RetrievePaymentInput): Promise<RetrievePaymentOutput> {
    return { data: paymentData(input.data) }
  }

  async updatePayment(input: UpdatePaymentInput): Promise<UpdatePaymentOutput> {
    const data = input.data as Record<string, unknown>
    if (!isPaymentData(data)) {
      return await this.initiatePayment(input)
    }
    if (toMinor(input.amount, input.currency_code) !== data.amount) {
      // The cart changed after the card was authorized: release it and ask for the card again.
      await this.cancelPayment({ data })
      return await this.initiatePayment({ ...input, data: {} })
    }
    return { data, status: SESSION_STATUS[data.status] }
  }

  async getWebhookActionAndData(_payload: ProviderWebhookPayload["payload"]): Promise<WebhookActionResult> {
    // The sandbox has no webhooks; Worldline Direct's arrive on the plugin's own route.
    return { action: "not_supported" }
  }

  async createAccountHolder(input: CreateAccountHolderInput): Promise<CreateAccountHolderOutput> {
    return { id: input.context.customer.id, data: { customer_id: input.context.customer.id } }
  }

  async deleteAccountHolder(input: DeleteAccountHolderInput): Promise<DeleteAccountHolderOutput> {
    return { data: input.context?.account_holder?.data ?? {} }
  }

  /** The customer's kept cards: their CRM tokens, never card numbers. */
  async listPaymentMethods(input: ListPaymentMethodsInput): Promise<ListPaymentMethodsOutput> {
    const customerId = (input.context?.account_holder?.data as { customer_id?: string })?.customer_id
    if (!customerId) {
      return []
    }
    return (await keptCardsOf(this.deps_.query, customerId)).map((t) => ({ id: t.token, data: savedCardView(t) }))
  }
}

export default OmnichannelPaymentProvider
