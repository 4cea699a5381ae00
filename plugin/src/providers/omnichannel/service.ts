import { container as appContainer } from "@medusajs/framework"
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
  PaymentSessionStatus,
  ProviderWebhookPayload,
  RefundPaymentInput,
  RefundPaymentOutput,
  RetrievePaymentInput,
  RetrievePaymentOutput,
  UpdatePaymentInput,
  UpdatePaymentOutput,
  WebhookActionResult,
} from "@medusajs/framework/types"
import { AbstractPaymentProvider, ContainerRegistrationKeys, MedusaError, Modules } from "@medusajs/framework/utils"
import { randomUUID } from "crypto"
import { AcquirerError, type HostedCardForm } from "../../acquirers/types"
import { keptCards, savedCardView } from "../../cards/kept-cards"
import { authorizeFirstPayment } from "../../chain-payments/authorize-first-payment"
import { parseSessionChoices } from "./session-choices"
import { describePayment, isPaymentData, paidStatus, paymentData, type OmnichannelPaymentData } from "./payment-data"
import { OmnichannelError } from "../../errors/omnichannel-error"
import { acquirerKeys, askAcquirer, cancelUnfinishedPayment, movedInKind, runOnChain, settleFromAcquirer } from "../../chain-payments/run-on-chain"
import { toMinor } from "../../money"
import { OMNICHANNEL_MODULE } from "../../modules/omnichannel"
import type OmnichannelModuleService from "../../modules/omnichannel/service"
import type { CardTokenDTO, ChainDTO, OperationDTO } from "../../modules/omnichannel/service"
import { remainingAuthorization } from "../../modules/omnichannel/utils/totals"
import { refundOperation, type RefundMetadata, type RefundOrigin } from "../../workflows/refunds/steps/refund-chain-allocations"
import { REFUND_SUCCEEDED, type RefundSucceededData } from "../../workflows/refunds/refund-chain"
import { orderIdOfChain } from "../../workflows/common/order-of-chain"

export type { OmnichannelPaymentData }

export type OmnichannelProviderOptions = {
  /** Capture at checkout (a SALE) instead of authorizing and capturing later. */
  autoCapture?: boolean
}

/** A session waiting for the card: the platform's hosted form for the storefront to show. */
type CardRequiredData = { status: "card_required"; hosted_card: HostedCardForm }

const STATUS: Record<OmnichannelPaymentData["status"], PaymentSessionStatus> = {
  authorized: "authorized" as PaymentSessionStatus,
  captured: "captured" as PaymentSessionStatus,
  canceled: "canceled" as PaymentSessionStatus,
  requires_action: "requires_more" as PaymentSessionStatus,
}

/**
 * Medusa payment provider `pp_omnichannel_<id>`: online card payments recorded on the
 * omnichannel chain. The card is authorized when the session is created (the card
 * itself is never kept, so it cannot wait for cart completion); captures, refunds and
 * cancels made with Medusa's own admin actions go through the chain's ledger.
 */
class OmnichannelPaymentProvider extends AbstractPaymentProvider<OmnichannelProviderOptions> {
  static identifier = "omnichannel"

  protected readonly options_: OmnichannelProviderOptions
  protected readonly logger_: Logger

  constructor(cradle: Record<string, unknown>, options: OmnichannelProviderOptions = {}) {
    super(cradle, options)
    this.options_ = options ?? {}
    this.logger_ = cradle.logger as Logger
  }

  /**
   * Payment providers live in the payment module's own container; the chain ledger is a
   * module of the plugin, reached through the application container at call time.
   */
  protected get ledger(): OmnichannelModuleService {
    return appContainer.resolve<OmnichannelModuleService>(OMNICHANNEL_MODULE)
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
      return await this.describeRecordedOperation(choices.recorded_operation_id, toMinor(input.amount, input.currency_code))
    }
    const ledger = this.ledger
    const card = choices.hosted_tokenization_id
      ? ({ kind: "hosted", hosted_tokenization_id: choices.hosted_tokenization_id } as const)
      : choices.saved_card
        ? ({ kind: "saved", card_token: await this.savedCard(choices.saved_card, input.context) } as const)
        : null
    if (!card) {
      const form = await askAcquirer(ledger.acquirer.createHostedCardForm({ idempotency_key: sessionKey(input) }))
      const waiting: CardRequiredData = { status: "card_required", hosted_card: form }
      return { id: form.id, data: waiting }
    }
    const currency = input.currency_code
    const first = await authorizeFirstPayment(
      ledger,
      {
        card,
        amount: toMinor(input.amount, currency),
        currency_code: currency,
        mode: this.options_.autoCapture ? "SALE" : "FINAL_AUTHORIZATION",
        channel: "online",
        store_credentials: choices.store_credentials === true,
        idempotency_key: sessionKey(input),
        return_url: choices.return_url,
        browser: choices.browser,
      },
      (msg) => this.logger_?.warn(msg)
    )
    const data = describePayment(first.chain, first.operation, first.card_token, {
      card: first.card,
      computedToken: first.offline_token && ledger.offlineTokensEnabled ? first.offline_token : undefined,
      redirect_url: first.action?.redirect_url ?? undefined,
    })
    // `hosted_card` overwrites the form of the session's first step: Medusa merges this over its input.
    return { id: first.chain.payment_id, data: { ...data, hosted_card: null }, ...(first.action ? { status: STATUS.requires_action } : {}) }
  }

  /** A kept card of the session's customer, chargeable again (its platform token was kept with consent). */
  private async savedCard(crmToken: string, context: InitiatePaymentInput["context"]) {
    const customerId = context?.customer?.id ?? (context?.account_holder?.data as { customer_id?: string } | undefined)?.customer_id
    if (!customerId) {
      throw new OmnichannelError("INVALID_DATA", "saved_card: only a logged-in customer can pay with a saved card", "saved_card")
    }
    const token = (await keptCards(appContainer, customerId)).find((t) => t.token === crmToken)
    if (!token) {
      throw new OmnichannelError("INVALID_DATA", "saved_card: not a card this customer kept", "saved_card")
    }
    return token
  }

  /**
   * A payment already made on the chain (in store, or a subsequent payment the plugin
   * charged itself) becomes a Medusa payment of the order without touching the acquirer.
   */
  private async describeRecordedOperation(operationId: string, sessionAmount?: number): Promise<InitiatePaymentOutput> {
    const ledger = this.ledger
    const op = await ledger.retrieveOmnichannelOperation(operationId)
    const chain = await ledger.retrieveOmnichannelChain(op.chain_id, { relations: ["card_token"] })
    if (op.status !== "succeeded" || (op.type !== "payment" && op.type !== "authorization")) {
      throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `operation ${operationId} is not a succeeded payment`)
    }
    if (sessionAmount !== undefined && sessionAmount !== op.amount) {
      throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `amount: operation ${operationId} paid ${op.amount}, not this session's ${sessionAmount}`)
    }
    const paymentData = describePayment(chain, op, chain.card_token ?? null)
    return { id: `${chain.payment_id}:${op.id}`, data: { ...paymentData, recorded_operation_id: null } }
  }

  async authorizePayment(input: AuthorizePaymentInput): Promise<AuthorizePaymentOutput> {
    const given = input.data as Record<string, unknown> | undefined
    // A session whose creation was cut off (its instance died) before Medusa stored what
    // initiatePayment described still names only the recorded operation: describe it now.
    if (typeof given?.recorded_operation_id === "string" && !isPaymentData(given)) {
      const data = paymentData((await this.describeRecordedOperation(given.recorded_operation_id)).data)
      return { status: STATUS[data.status], data }
    }
    if (given?.status === "card_required") {
      throw new MedusaError(MedusaError.Types.PAYMENT_AUTHORIZATION_ERROR, "card: enter the card in the card form first (no card was given to this payment session)")
    }
    const data = paymentData(given)
    if (data.status !== "requires_action") {
      return { status: STATUS[data.status], data }
    }
    // Back from 3-D Secure (or asked again): the acquirer says how it ended.
    const ledger = this.ledger
    const op = await settleFromAcquirer(ledger, await ledger.retrieveOmnichannelOperation(data.operation_id))
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
    return { status: STATUS[settled.status], data: settled }
  }

  async capturePayment(input: CapturePaymentInput): Promise<CapturePaymentOutput> {
    const data = paymentData(input.data)
    if (data.status === "captured") {
      return { data }
    }
    const ledger = this.ledger
    const operations = await ledger.listOmnichannelOperations({ chain_id: data.chain_id })
    const auth = operations.find((o) => o.id === data.operation_id)!
    const captureId = input.context?.idempotency_key
    // Medusa tells the provider which capture (its id is the key) but not how much: ask it.
    const amount = (await this.medusaCaptureAmount(captureId, data.currency_code)) ?? remainingAuthorization(auth, operations)
    const op = await runOnChain(
      ledger,
      data.chain_id,
      {
        type: "capture",
        channel: "online",
        amount,
        currency_code: data.currency_code,
        parent_operation_id: auth.id,
        idempotency_key: captureId ?? `capture:${auth.id}`,
      },
      (pending) =>
        ledger.acquirer.capture({
          reference: auth.acquirer_reference!,
          amount,
          currency_code: data.currency_code,
          ...acquirerKeys(pending),
        })
    )
    const remaining = remainingAuthorization(auth, [...operations, op])
    return { data: { ...data, status: remaining > 0 ? "authorized" : "captured", last_operation_id: op.id } }
  }

  private async medusaCaptureAmount(captureId: string | undefined, currency: string): Promise<number | null> {
    if (!captureId) return null
    const payments = appContainer.resolve(Modules.PAYMENT)
    const [capture] = await payments.listCaptures({ id: captureId }).catch(() => [])
    return capture ? toMinor(capture.raw_amount ?? capture.amount, currency) : null
  }

  async refundPayment(input: RefundPaymentInput): Promise<RefundPaymentOutput> {
    const data = paymentData(input.data)
    const ledger = this.ledger
    const amount = toMinor(input.amount, data.currency_code)
    // Medusa's refund id is the context key. A refund started by the plugin's own workflow
    // carries its reference, channel and key in the Medusa refund's metadata.
    const refundId = input.context?.idempotency_key
    const ours = await this.medusaRefundOrigin(refundId)
    const origin: RefundOrigin = ours ?? {
      reference: refundId ?? `medusa-refund:${data.operation_id}`,
      idempotency_key: refundId ?? `medusa-refund:${data.operation_id}`,
      channel: "online" as const,
    }
    const operations = await ledger.listOmnichannelOperations({ chain_id: data.chain_id })
    const paid = operations.find((o) => o.id === data.operation_id)
    // Medusa's own refund (no origin of ours) can only go back to a card: a cash or gift-card
    // payment is refunded through the plugin's refund, which says how the money goes back.
    const method = origin.method ?? "card"
    if (!ours && paid && paid.method !== "card") {
      throw new OmnichannelError("OPERATION_NOT_ALLOWED", `method: a ${paid.method} payment is refunded with the omnichannel refund (cash at a till, store credit or a gift card)`, "method")
    }
    const refunded = await runOnChain(ledger, data.chain_id, refundOperation(amount, data.currency_code, { ...origin, method }), (pending) =>
      method !== "card"
        ? movedInKind(pending)
        : ledger.acquirer.refund({
            reference: paid?.acquirer_reference ?? data.payment_id,
            amount,
            currency_code: data.currency_code,
            ...acquirerKeys(pending),
          })
    )
    if (!ours) {
      await this.announceMedusaRefund(data, amount, refunded.id)
    }
    return { data }
  }

  /**
   * Medusa's own refund button: the plugin's refund workflow did not run, so the refund is
   * announced here (the customer's confirmation). The money has moved: a failure to announce
   * it is logged, never the refund's failure.
   */
  private async announceMedusaRefund(data: { payment_id: string; chain_id: string; currency_code: string }, amount: number, operationId: string) {
    try {
      const event: RefundSucceededData = {
        payment_id: data.payment_id,
        order_id: await orderIdOfChain(appContainer, data.chain_id),
        amount,
        currency_code: data.currency_code,
        channel: "online",
        method: "card",
        operation_ids: [operationId],
      }
      await appContainer.resolve(Modules.EVENT_BUS).emit({ name: REFUND_SUCCEEDED, data: event })
    } catch (err) {
      appContainer.resolve(ContainerRegistrationKeys.LOGGER).warn(`omnichannel: refund ${operationId} not announced: ${(err as Error).message}`)
    }
  }

  private async medusaRefundOrigin(refundId: string | undefined): Promise<RefundOrigin | null> {
    if (!refundId) return null
    const payments = appContainer.resolve(Modules.PAYMENT)
    const [refund] = await payments.listRefunds({ id: refundId }).catch(() => [])
    const metadata = (refund as { metadata?: RefundMetadata | null } | undefined)?.metadata
    return metadata?.omnichannel ?? null
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
    const remaining = auth ? remainingAuthorization(auth, operations) : 0
    if (auth && remaining > 0) {
      await runOnChain(
        ledger,
        data.chain_id,
        {
          type: "cancel",
          channel: "online",
          amount: remaining,
          currency_code: data.currency_code,
          parent_operation_id: auth.id,
          idempotency_key: `cancel:${auth.id}`,
        },
        (pending) =>
          ledger.acquirer.cancel({
            reference: auth.acquirer_reference!,
            amount: remaining,
            currency_code: data.currency_code,
            ...acquirerKeys(pending),
          })
      )
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
    const ledger = this.ledger
    try {
      const op = await settleFromAcquirer(ledger, await ledger.retrieveOmnichannelOperation(data.operation_id))
      if (op.status === "succeeded") {
        return { ...data, status: paidStatus(op) }
      }
      if (op.status === "pending") {
        await cancelUnfinishedPayment(ledger, op, "the payment session was replaced or removed before 3-D Secure finished")
      }
    } catch (err) {
      if (!(err instanceof AcquirerError)) throw err
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
    return { status: STATUS[data.status], data }
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
    return { data, status: STATUS[data.status] }
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
    return (await keptCards(appContainer, customerId)).map((t) => ({ id: t.token, data: savedCardView(t) }))
  }
}

/** Medusa's payment session id is the context's key: stable across retries of one session. */
function sessionKey(input: InitiatePaymentInput): string {
  return input.context?.idempotency_key ?? String((input.data as Record<string, unknown> | undefined)?.session_id ?? `session:${randomUUID()}`)
}

export default OmnichannelPaymentProvider
