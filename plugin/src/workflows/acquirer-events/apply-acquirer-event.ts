import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import type { WorldlineWebhookEvent } from "../../acquirers/worldline-direct/webhooks"
import { completeWaitingCheckoutStep } from "../checkout/steps/complete-waiting-checkout"
import { settleOperationFromAcquirerEventStep } from "./steps/settle-operation-from-acquirer-event"

/**
 * A verified acquirer webhook, applied to the operation it is about; a first payment it
 * settles (3-D Secure finished after the customer left) completes the cart left waiting.
 */
export const applyAcquirerEventWorkflow = createWorkflow("omnichannel-apply-acquirer-event", (event: WorldlineWebhookEvent) => {
  const result = settleOperationFromAcquirerEventStep(event)
  completeWaitingCheckoutStep(
    transform({ result }, ({ result }) => ({ operation_id: result.outcome === "settled_succeeded" ? result.operation_id : undefined }))
  )
  return new WorkflowResponse(result)
})
