import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import type { AuthorizationMode } from "../../modules/omnichannel/types"
import { findChainOrderStep } from "../common/steps/find-chain-order"
import { loadChainStep } from "../common/steps/load-chain"
import { lockChainStep, unlockChainStep } from "../common/steps/lock-chain"
import { authorizeSubsequentPaymentStep } from "./steps/authorize-subsequent-payment"
import { recordOperationOnOrderStep } from "./steps/record-operation-on-order"

export type SubsequentPaymentWorkflowInput = {
  payment_id: string
  amount: number
  currency_code: string
  authorization_mode: AuthorizationMode
  idempotency_key: string
  actor_id?: string | null
}

/** A later payment on the chain's card (SALE, FINAL_ or PRE_AUTHORIZATION), added to its order. */
export const subsequentPaymentWorkflow = createWorkflow(
  "omnichannel-subsequent-payment",
  (input: SubsequentPaymentWorkflowInput) => {
    const lock = lockChainStep(transform({ input }, ({ input }) => ({ payment_id: input.payment_id, owner: input.idempotency_key })))
    const chain = loadChainStep({ payment_id: input.payment_id, currency_code: input.currency_code })
    const operation = authorizeSubsequentPaymentStep(
      transform({ input, chain }, ({ input, chain }) => ({
        chain,
        amount: input.amount,
        authorization_mode: input.authorization_mode,
        idempotency_key: input.idempotency_key,
        actor_id: input.actor_id,
      }))
    )
    const orderId = findChainOrderStep(transform({ chain }, ({ chain }) => ({ chain_id: chain.id })))
    when({ orderId }, ({ orderId }) => !!orderId).then(() => {
      recordOperationOnOrderStep(
        transform({ orderId, operation }, ({ orderId, operation }) => ({ order_id: orderId!, operation }))
      )
    })
    unlockChainStep(lock)
    return new WorkflowResponse(operation)
  }
)
