import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { loadChainStep } from "../common/steps/load-chain"
import { lockChainStep, unlockChainStep } from "../common/steps/lock-chain"
import { payoutOnChainStep } from "./steps/payout-on-chain"

export type PayoutChainInput = {
  payment_id: string
  amount: number
  currency_code: string
  reason: string
  actor_id: string
  idempotency_key: string
}

/** A payout on a chain, which may exceed what was paid. */
export const payoutChainWorkflow = createWorkflow("omnichannel-payout-chain", (input: PayoutChainInput) => {
  const lock = lockChainStep(transform({ input }, ({ input }) => ({ payment_id: input.payment_id, owner: input.idempotency_key })))
  const chain = loadChainStep({ payment_id: input.payment_id, currency_code: input.currency_code })
  const operation = payoutOnChainStep(
    transform({ input, chain }, ({ input, chain }) => ({
      chain,
      amount: input.amount,
      reason: input.reason,
      actor_id: input.actor_id,
      idempotency_key: input.idempotency_key,
    }))
  )
  unlockChainStep(lock)
  return new WorkflowResponse(operation)
})
