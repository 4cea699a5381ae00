import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import type { Channel } from "../../modules/omnichannel/types"
import { findChainOrderStep } from "../common/steps/find-chain-order"
import { loadChainStep } from "../common/steps/load-chain"
import { lockChainStep, unlockChainStep } from "../common/steps/lock-chain"
import { recordOperationOnOrderStep } from "./steps/record-operation-on-order"
import { recordPaymentOnChainStep } from "./steps/record-payment-on-chain"

export type RecordChainPaymentInput = {
  payment_id: string
  amount: number
  currency_code: string
  channel: Channel
  idempotency_key: string
  acquirer_reference?: string | null
  terminal_id?: string | null
  stock_location_id?: string | null
}

/** A payment made in another channel (a till, a kiosk) added to the chain and to its order. */
export const recordChainPaymentWorkflow = createWorkflow(
  "omnichannel-record-chain-payment",
  (input: RecordChainPaymentInput) => {
    const lock = lockChainStep({ payment_id: input.payment_id })
    const chain = loadChainStep({ payment_id: input.payment_id, currency_code: input.currency_code })
    const operation = recordPaymentOnChainStep(
      transform({ input, chain }, ({ input, chain }) => ({ ...input, chain }))
    )
    const orderId = findChainOrderStep(transform({ chain }, ({ chain }) => ({ chain_id: chain.id })))
    when({ orderId, operation }, ({ orderId, operation }) => !!orderId && !operation.medusa_payment_id).then(() => {
      recordOperationOnOrderStep(
        transform({ orderId, operation }, ({ orderId, operation }) => ({ order_id: orderId!, operation }))
      )
    })
    unlockChainStep(lock)
    return new WorkflowResponse(operation)
  }
)
