import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import type { Channel } from "../../modules/omnichannel/types"
import { loadChainStep } from "../common/steps/load-chain"
import { lockChainStep, unlockChainStep } from "../common/steps/lock-chain"
import { planChainRefundStep } from "./steps/plan-chain-refund"
import { refundChainAllocationsStep } from "./steps/refund-chain-allocations"

export type RefundChainInput = {
  payment_id: string
  amount: number
  currency_code: string
  reference: string
  /** Where the refund is made: the admin ("online") or a till ("in_store"). */
  channel: Channel
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
}

/** A refund on a chain, from any channel, of any channel's payments; never above what was paid. */
export const refundChainWorkflow = createWorkflow("omnichannel-refund-chain", (input: RefundChainInput) => {
  const lock = lockChainStep(
    transform({ input }, ({ input }) => ({
      payment_id: input.payment_id,
      owner: input.retry_of_same_request ? input.idempotency_key : undefined,
    }))
  )
  const chain = loadChainStep({ payment_id: input.payment_id, currency_code: input.currency_code })
  const plan = planChainRefundStep(
    transform({ input, chain }, ({ input, chain }) => ({
      chain,
      amount: input.amount,
      reference: input.reference,
      channel: input.channel,
      prefer_channel: input.prefer_channel,
      resume_key: input.retry_of_same_request ? input.idempotency_key : undefined,
    }))
  )
  const operations = refundChainAllocationsStep(
    transform({ input, chain, plan }, ({ input, chain, plan }) => ({
      chain,
      plan,
      origin: {
        reference: input.reference,
        idempotency_key: input.idempotency_key,
        channel: input.channel,
        actor_id: input.actor_id,
        terminal_id: input.terminal_id,
        stock_location_id: input.stock_location_id,
        note: input.note,
      },
    }))
  )
  unlockChainStep(lock)
  return new WorkflowResponse(operations)
})
