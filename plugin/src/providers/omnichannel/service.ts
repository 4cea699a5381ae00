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
import type { CardInput } from "../../acquirers/types"
import { withdrawCard } from "../../cards/card-vault"
import { authorizeFirstPayment } from "../../chain-payments/authorize-first-payment"
import { OmnichannelError } from "../../errors/omnichannel-error"
import { acquirerKeys, movedInKind, runOnChain } from "../../chain-payments/run-on-chain"
import { toMinor } from "../../money"
import { OMNICHANNEL_MODULE } from "../../modules/omnichannel"
import type OmnichannelModuleService from "../../modules/omnichannel/service"
import type { CardTokenDTO, ChainDTO, OperationDTO } from "../../modules/omnichannel/service"
import { remainingAuthorization } from "../../modules/omnichannel/utils/totals"
import { refundOperation, type RefundMetadata, type RefundOrigin } from "../../workflows/refunds/steps/refund-chain-allocations"

export type OmnichannelProviderOptions = {
  /** Capture at checkout (a SALE) instead of authorizing and capturing later. */
  autoCapture?: boolean
}

/** What the provider keeps in Medusa's payment session / payment `data`. Never a card number. */
export type OmnichannelPaymentData = {
  payment_id: string
  chain_id: string
  operation_id: string
  status: "authorized" | "captured" | "canceled"
  amount: number
  currency_code: string
  card: { brand: string; bin: string; last4: string } | null
  externalTokenLinked: { generatedToken: string | null; computedToken?: string }
  cof: boolean
}

const STATUS: Record<OmnichannelPaymentData["status"], PaymentSessionStatus> = {
  authorized: "authorized" as PaymentSessionStatus,
  captured: "captured" as PaymentSessionStatus,
  canceled: "canceled" as PaymentSessionStatus,
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

  async initiatePayment(input: InitiatePaymentInput): Promise<InitiatePaymentOutput> {
    const data = (input.data ?? {}) as Record<string, unknown>
    if (typeof data.recorded_operation_id === "string") {
      return await this.describeRecordedOperation(data.recorded_operation_id)
    }
    const card = withdrawCard(data.card_ref) ?? rawCard(data.card)
    if (!card) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, "card: the payment session needs a card")
    }
    const currency = input.currency_code
    const ledger = this.ledger
    const { chain, operation, tokens } = await authorizeFirstPayment(
      ledger,
      ledger.acquirer,
      {
        card,
        amount: toMinor(input.amount, currency),
        currency_code: currency,
        mode: this.options_.autoCapture ? "SALE" : "FINAL_AUTHORIZATION",
        channel: "online",
        store_credentials: data.store_credentials === true,
        idempotency_key: input.context?.idempotency_key ?? String(data.session_id ?? chainlessKey()),
      },
      (msg) => this.logger_?.warn(msg)
    )
    const paymentData = describePayment(chain, operation, tokens?.card_token ?? null, {
      card: summarize(card),
      computedToken: tokens && ledger.offlineTokensEnabled ? tokens.offline_token : undefined,
    })
    // `card` and `card_ref` overwrite what the storefront sent: Medusa merges this over its input.
    return { id: chain.payment_id, data: { ...paymentData, card_ref: null } }
  }

  /**
   * A payment already made on the chain (in store, or a subsequent payment the plugin
   * charged itself) becomes a Medusa payment of the order without touching the acquirer.
   */
  private async describeRecordedOperation(operationId: string): Promise<InitiatePaymentOutput> {
    const ledger = this.ledger
    const op = await ledger.retrieveOmnichannelOperation(operationId)
    const chain = await ledger.retrieveOmnichannelChain(op.chain_id, { relations: ["card_token"] })
    if (op.status !== "succeeded" || (op.type !== "payment" && op.type !== "authorization")) {
      throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `operation ${operationId} is not a succeeded payment`)
    }
    const paymentData = describePayment(chain, op, chain.card_token ?? null)
    return { id: `${chain.payment_id}:${op.id}`, data: { ...paymentData, recorded_operation_id: null } }
  }

  async authorizePayment(input: AuthorizePaymentInput): Promise<AuthorizePaymentOutput> {
    // A session whose creation was cut off (its instance died) before Medusa stored what
    // initiatePayment described still names only the recorded operation: describe it now.
    const recorded = (input.data as Record<string, unknown> | undefined)?.recorded_operation_id
    const data = typeof recorded === "string" && !isPaymentData(input.data)
      ? paymentData((await this.describeRecordedOperation(recorded)).data)
      : paymentData(input.data)
    return { status: STATUS[data.status], data }
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
    await runOnChain(ledger, data.chain_id, refundOperation(amount, data.currency_code, { ...origin, method }), (pending) =>
      method !== "card"
        ? movedInKind(pending)
        : ledger.acquirer.refund({
            reference: paid?.acquirer_reference ?? data.payment_id,
            amount,
            currency_code: data.currency_code,
            ...acquirerKeys(pending),
          })
    )
    return { data }
  }

  private async medusaRefundOrigin(refundId: string | undefined): Promise<RefundOrigin | null> {
    if (!refundId) return null
    const payments = appContainer.resolve(Modules.PAYMENT)
    const [refund] = await payments.listRefunds({ id: refundId }).catch(() => [])
    const metadata = (refund as { metadata?: RefundMetadata | null } | undefined)?.metadata
    return metadata?.omnichannel ?? null
  }

  async cancelPayment(input: CancelPaymentInput): Promise<CancelPaymentOutput> {
    const data = paymentData(input.data)
    if (data.status !== "authorized") {
      return { data }
    }
    const ledger = this.ledger
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
    const card = withdrawCard(data?.card_ref) ?? rawCard(data?.card)
    if (card || !isPaymentData(data)) {
      // A new card (or none authorized yet): release the old authorization and start again.
      if (isPaymentData(data)) {
        await this.cancelPayment({ data })
      }
      return await this.initiatePayment({ ...input, data: { ...data, card, card_ref: null } })
    }
    if (toMinor(input.amount, input.currency_code) !== data.amount) {
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        "amount: the cart total changed after the card was authorized; send the card again"
      )
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
    const query = appContainer.resolve(ContainerRegistrationKeys.QUERY)
    const { data } = await query.graph({
      entity: "customer",
      fields: ["omnichannel_card_tokens.*"],
      filters: { id: customerId },
    })
    const tokens = ((data[0] as Record<string, unknown>)?.omnichannel_card_tokens ?? []) as {
      id: string
      token: string
      brand: string
      last4: string
    }[]
    return tokens.map((t) => ({ id: t.token, data: { brand: t.brand, last4: t.last4, crm_token: t.token } }))
  }
}

/** The payment `data` of a chain's payment operation. Without a card token the card is described from what was typed. */
function describePayment(
  chain: ChainDTO,
  op: OperationDTO,
  token: CardTokenDTO | null,
  extra: { card?: OmnichannelPaymentData["card"]; computedToken?: string } = {}
): OmnichannelPaymentData {
  return {
    payment_id: chain.payment_id,
    chain_id: chain.id,
    operation_id: op.id,
    status: op.type === "payment" ? "captured" : "authorized",
    amount: op.amount,
    currency_code: chain.currency_code,
    card: token ? { brand: token.brand, bin: token.bin, last4: token.last4 } : (extra.card ?? null),
    externalTokenLinked: {
      generatedToken: token?.token ?? null,
      ...(extra.computedToken ? { computedToken: extra.computedToken } : {}),
    },
    cof: chain.cof_consent,
  }
}

function rawCard(card: unknown): CardInput | null {
  const c = card as Partial<CardInput> | undefined
  return c && typeof c.number === "string" ? (c as CardInput) : null
}

function summarize(card: CardInput) {
  const digits = card.number.replace(/\D/g, "")
  return { brand: "unknown", bin: digits.slice(0, 6), last4: digits.slice(-4) }
}

function isPaymentData(data: unknown): data is OmnichannelPaymentData {
  const d = data as Partial<OmnichannelPaymentData> | undefined
  return !!d && typeof d.chain_id === "string" && typeof d.operation_id === "string"
}

function paymentData(data: unknown): OmnichannelPaymentData {
  if (!isPaymentData(data)) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, "data: not an omnichannel payment (no chain)")
  }
  return data
}

function chainlessKey() {
  return `session:${Date.now()}:${Math.random().toString(36).slice(2)}`
}

export default OmnichannelPaymentProvider
