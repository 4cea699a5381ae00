import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { completeWaitingCheckoutStep } from "./steps/complete-waiting-checkout"
import { settlePaymentFromAcquirerStep, type SettlePaymentInput } from "./steps/settle-payment-from-acquirer"

/** A pending online first payment, settled from the acquirer's word; its checkout completed if it waits. */
export const settlePendingPaymentWorkflow = createWorkflow("omnichannel-settle-pending-payment", (input: SettlePaymentInput) => {
  const operation = settlePaymentFromAcquirerStep(input)
  const checkout = completeWaitingCheckoutStep(transform({ operation }, ({ operation }) => ({ operation_id: operation.id })))
  return new WorkflowResponse({ operation, checkout })
})
