import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import type { WorldlineWebhookEvent } from "../../acquirers/worldline-direct/webhooks"
import { settleOperationFromAcquirerEventStep } from "./steps/settle-operation-from-acquirer-event"

/** A verified acquirer webhook, applied to the operation it is about. */
export const applyAcquirerEventWorkflow = createWorkflow(
  "omnichannel-apply-acquirer-event",
  (event: WorldlineWebhookEvent) => new WorkflowResponse(settleOperationFromAcquirerEventStep(event))
)
