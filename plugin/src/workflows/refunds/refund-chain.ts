import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { emitEventStep } from "@medusajs/medusa/core-flows"
import type { Channel, PaymentMethod } from "../../modules/omnichannel/types"
import { loadChainStep } from "../common/steps/load-chain"
import { findChainOrderStep } from "../common/steps/find-chain-order"
import { lockChainStep, unlockChainStep } from "../common/steps/lock-chain"
import { applyStockMovementsStep } from "../inventory/steps/apply-stock-movements"
import { receiveTillReturnStep } from "../returns/receive-till-return-step"
import type { TillReturnItem } from "../returns/till-return-items"
import { issueRefundInKindStep, type RefundInKind } from "./steps/issue-refund-in-kind"
import { planChainRefundStep } from "./steps/plan-chain-refund"
import { refundChainAllocationsStep } from "./steps/refund-chain-allocations"

export const REFUND_SUCCEEDED = "omnichannel.refund.succeeded"

/** What `omnichannel.refund.succeeded` carries: one refund, however many operations it took. */
export type RefundSucceededData = {
  payment_id: string
  order_id: string | null
  amount: number
  currency_code: string
  channel: Channel
  method: Exclude<PaymentMethod, "external">
  operation_ids: string[]
}

export type RefundChainInput = {
  payment_id: string
  amount: number
  currency_code: string
  reference: string
  /** Where the refund is made: the admin ("online") or a till ("in_store"). */
  channel: Channel
  /** How the money goes back: to the card (default), in cash (at a till), as store credit or a new gift card. */
  method: Exclude<PaymentMethod, "external">
  /** Refund this channel's payments first (the admin refunding "the in-store payment"). */
  prefer_channel?: Channel
  idempotency_key: string
  /**
   * The key came from the client's Idempotency-Key: a refund already on the chain under it
   * is this request retried (resume it), not a second refund. A key derived from the
   * reference alone proves nothing: that repeat is REFUND_ORDER_LOCKED.
   */
  retry_of_same_request?: boolean
  actor_id?: string | null
  terminal_id?: string | null
  stock_location_id?: string | null
  note?: string | null
  /** Goods brought back at a till: the refund comes with a Medusa return of them, received at `stock_location_id`. */
  items?: TillReturnItem[]
  /** Put returned goods back in stock there (default true). */
  restock?: boolean
}

function inKindReference(inKind: RefundInKind): Record<string, string> | undefined {
  if (inKind.gift_card) return { gift_card_id: inKind.gift_card.id }
  if (inKind.store_credit) return { store_credit_account_id: inKind.store_credit.account_id, store_credit_transaction_id: inKind.store_credit.transaction_id }
  return undefined
}

/**
 * A refund on a chain, from any channel, of any channel's payments, in any kind; never
 * above what was paid, and to cards never above what cards paid. Then
 * `omnichannel.refund.succeeded` (the customer's confirmation email listens to it); a retry
 * that resumes the refund emits it again with the same operations.
 */
export const refundChainWorkflow = createWorkflow("omnichannel-refund-chain", (input: RefundChainInput) => {
  const lock = lockChainStep(
    transform({ input }, ({ input }) => ({
      payment_id: input.payment_id,
      owner: input.retry_of_same_request ? input.idempotency_key : undefined,
    }))
  )
  const chain = loadChainStep({ payment_id: input.payment_id, currency_code: input.currency_code })
  // Read before any money moves: a step failing after that would undo a refund in kind.
  const orderId = findChainOrderStep(transform({ chain }, ({ chain }) => ({ chain_id: chain.id })))
  const plan = planChainRefundStep(
    transform({ input, chain }, ({ input, chain }) => ({
      chain,
      amount: input.amount,
      reference: input.reference,
      channel: input.channel,
      method: input.method,
      prefer_channel: input.prefer_channel,
      resume_key: input.retry_of_same_request ? input.idempotency_key : undefined,
    }))
  )
  // Before any money moves: a refused return refunds nothing.
  const tillReturn = receiveTillReturnStep(
    transform({ input, chain, orderId }, ({ input, chain, orderId }) => ({
      order_id: orderId,
      items: input.items,
      restock: input.restock,
      terminal_id: input.terminal_id,
      stock_location_id: input.stock_location_id,
      amount: input.amount,
      currency_code: chain.currency_code,
      reference: input.reference,
      idempotency_key: input.idempotency_key,
    }))
  )
  applyStockMovementsStep({ movement_ids: transform({ tillReturn }, ({ tillReturn }) => tillReturn.stock_movement_ids) })
  const inKind = issueRefundInKindStep(
    transform({ input, chain, orderId }, ({ input, chain, orderId }) => ({
      chain,
      order_id: orderId,
      method: input.method,
      amount: input.amount,
      idempotency_key: input.idempotency_key,
      note: input.note,
    }))
  )
  const operations = refundChainAllocationsStep(
    transform({ input, chain, orderId, plan, inKind, tillReturn }, ({ input, chain, orderId, plan, inKind, tillReturn }) => ({
      chain,
      order_id: orderId,
      plan,
      origin: {
        reference: input.reference,
        idempotency_key: input.idempotency_key,
        channel: input.channel,
        method: input.method,
        in_kind: inKindReference(inKind),
        return_id: tillReturn.return_id,
        actor_id: input.actor_id,
        terminal_id: input.terminal_id,
        stock_location_id: input.stock_location_id,
        note: input.note,
      },
    }))
  )
  unlockChainStep(lock)
  emitEventStep({
    eventName: REFUND_SUCCEEDED,
    data: transform({ input, chain, operations, orderId }, ({ input, chain, operations, orderId }): RefundSucceededData => ({
      payment_id: chain.payment_id,
      order_id: orderId,
      amount: input.amount,
      currency_code: chain.currency_code,
      channel: input.channel,
      method: input.method,
      operation_ids: operations.map((op) => op.id),
    })),
  })
  return new WorkflowResponse(
    transform({ operations, inKind, tillReturn }, ({ operations, inKind, tillReturn }) => ({ operations, ...inKind, return_id: tillReturn.return_id }))
  )
})
