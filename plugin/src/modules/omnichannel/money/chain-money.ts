import { AcquirerError, type HostedCardForm } from "../../../acquirers/types"
import type { OperationDTO } from "../dto"
import { authorizeFirst, chargeSubsequent, payLink } from "./payments"
import { acquirerKeys, askAcquirer, firstPaymentReference, movedInKind, runOnChain, type MoneyDeps } from "./run-on-chain"
import { settle } from "./settle"
import type {
  AcquirerRecordAnswer,
  AuthorizationMoveInput,
  AuthorizeFirstInput,
  AuthorizeFirstResult,
  ChargeSubsequentInput,
  HostedCardFormInput,
  OmnichannelMoneyApi,
  PayLinkInput,
  PayLinkResult,
  PayoutInput,
  RefundInput,
  RefundOrigin,
  SettleOptions,
  UndoPaymentInput,
} from "./types"

/**
 * The module's money API: each call records the operation on its chain (pending, the
 * chain's invariants checked under its lock), asks the acquirer with the operation's
 * idempotency key and records the answer. A retry with the same key resumes the same
 * operation, so money moves at most once. Nothing outside the module talks to the acquirer.
 */
export class ChainMoney implements OmnichannelMoneyApi {
  constructor(private readonly deps: MoneyDeps) {}

  /** The platform's hosted card form for one checkout or link page. */
  openHostedCardForm(input: HostedCardFormInput): Promise<HostedCardForm> {
    return askAcquirer(this.deps.acquirer().createHostedCardForm(input))
  }

  authorizeFirst(input: AuthorizeFirstInput): Promise<AuthorizeFirstResult> {
    return authorizeFirst(this.deps, input)
  }

  payLink(input: PayLinkInput): Promise<PayLinkResult> {
    return payLink(this.deps, input)
  }

  chargeSubsequent(input: ChargeSubsequentInput): Promise<OperationDTO> {
    return chargeSubsequent(this.deps, input)
  }

  async capture(input: AuthorizationMoveInput): Promise<OperationDTO> {
    return await this.moveAuthorization("capture", input)
  }

  /** Releases `amount` of what an authorization still holds. */
  async cancel(input: AuthorizationMoveInput): Promise<OperationDTO> {
    return await this.moveAuthorization("cancel", input)
  }

  /**
   * Money back to the customer: to the card through the acquirer, or in kind (`origin.method`
   * cash, store credit, a gift card) on the chain alone, the value moved by whoever gave it.
   */
  async refund({ chain_id, amount, origin, payment_operation_id }: RefundInput): Promise<OperationDTO> {
    const { ledger, acquirer } = this.deps
    const chain = await ledger.retrieveOmnichannelChain(chain_id)
    const inKind = !!origin.method && origin.method !== "card"
    const against = inKind ? undefined : await this.refundReference(chain_id, payment_operation_id)
    return await runOnChain(ledger, chain_id, refundOperation(amount, chain.currency_code, origin), (op) =>
      inKind
        ? movedInKind(op)
        : acquirer().refund({ reference: against ?? chain.payment_id, amount, currency_code: chain.currency_code, ...acquirerKeys(op) })
    )
  }

  /** Money to the chain's card beyond what was paid (a goodwill gesture): needs an admin and a reason. */
  async payout(input: PayoutInput): Promise<OperationDTO> {
    const { ledger, acquirer } = this.deps
    const chain = await ledger.retrieveOmnichannelChain(input.chain_id)
    const reference = await firstPaymentReference(ledger, chain.id)
    return await runOnChain(
      ledger,
      chain.id,
      {
        type: "payout",
        channel: "online",
        amount: input.amount,
        currency_code: chain.currency_code,
        actor_id: input.actor_id,
        note: input.reason,
        idempotency_key: input.idempotency_key,
      },
      (pending) =>
        acquirer().payout({ payment_id: chain.payment_id, reference, amount: input.amount, currency_code: chain.currency_code, ...acquirerKeys(pending) })
    )
  }

  settle(operationId: string, options?: SettleOptions): Promise<OperationDTO> {
    return settle(this.deps, operationId, options)
  }

  /**
   * A succeeded card payment given back because what had to follow it failed (a workflow's
   * compensation): an authorization is cancelled, a SALE refunded, each once under
   * `compensate:<operation>`. Anything else (not succeeded) has nothing to give back: null.
   */
  async undoPayment({ operation_id, note }: UndoPaymentInput): Promise<OperationDTO | null> {
    const op = await this.deps.ledger.retrieveOmnichannelOperation(operation_id)
    if (op.status !== "succeeded" || (op.type !== "payment" && op.type !== "authorization")) return null
    const key = `compensate:${op.id}`
    if (op.type === "authorization") {
      return await this.cancel({ chain_id: op.chain_id, authorization_id: op.id, amount: op.amount, channel: op.channel as "online", idempotency_key: key })
    }
    return await this.refund({
      chain_id: op.chain_id,
      amount: op.amount,
      payment_operation_id: op.id,
      origin: { reference: key, idempotency_key: key, channel: op.channel as "online", note },
    })
  }

  /** What the acquirer holds of one of its payments, for reconciliation; never throws for the acquirer's sake. */
  async acquirerRecordOf(reference: string): Promise<AcquirerRecordAnswer> {
    const acquirer = this.deps.acquirer()
    try {
      const record = await acquirer.paymentRecord(reference)
      return record ? { acquirer: acquirer.name, kind: "record", record } : { acquirer: acquirer.name, kind: "unavailable" }
    } catch (err) {
      if (!(err instanceof AcquirerError)) throw err
      // An unknown payment is the acquirer's definite word; anything else (timeout, 5xx, our
      // credentials refused) says nothing about the payment.
      const unknown = err.kind === "invalid" && err.reason !== "ACQUIRER_CONFIGURATION"
      return { acquirer: acquirer.name, kind: unknown ? "unknown" : "unavailable" }
    }
  }

  private async moveAuthorization(type: "capture" | "cancel", input: AuthorizationMoveInput): Promise<OperationDTO> {
    const { ledger, acquirer } = this.deps
    const auth = await ledger.retrieveOmnichannelOperation(input.authorization_id)
    const request = (pending: OperationDTO) => ({
      reference: auth.acquirer_reference!,
      amount: input.amount,
      currency_code: auth.currency_code,
      ...acquirerKeys(pending),
    })
    return await runOnChain(
      ledger,
      input.chain_id,
      {
        type,
        channel: input.channel,
        amount: input.amount,
        currency_code: auth.currency_code,
        parent_operation_id: auth.id,
        idempotency_key: input.idempotency_key,
      },
      (pending) => (type === "capture" ? acquirer().capture(request(pending)) : acquirer().cancel(request(pending)))
    )
  }

  /** The acquirer's reference a card refund is sent against: the payment named, else the chain's first card payment. */
  private async refundReference(chainId: string, paymentOperationId?: string | null): Promise<string | undefined> {
    if (!paymentOperationId) return await firstPaymentReference(this.deps.ledger, chainId)
    const [paid] = await this.deps.ledger.listOmnichannelOperations({ id: paymentOperationId, chain_id: chainId })
    return paid?.acquirer_reference ?? undefined
  }
}

/** The refund operation recorded for `origin`: its kind and where a refund in kind went. */
export function refundOperation(amount: number, currency_code: string, { in_kind, return_id, ...origin }: RefundOrigin) {
  const metadata = { ...(in_kind ? { in_kind } : {}), ...(return_id ? { return_id } : {}) }
  return { type: "refund" as const, amount, currency_code, ...origin, metadata: Object.keys(metadata).length ? metadata : null }
}
