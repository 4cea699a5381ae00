import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { claimDueNotificationsStep } from "./steps/claim-due-notifications"
import { sendNotificationsStep } from "./steps/send-notifications"

/** One delivery run of the outbox: claim what is due, send it, record each outcome. */
export const deliverTerminalNotificationsWorkflow = createWorkflow(
  "omnichannel-deliver-terminal-notifications",
  (input: { limit?: number }) => {
    const claimed = claimDueNotificationsStep(transform({ input }, ({ input }) => ({ limit: input.limit ?? 50 })))
    return new WorkflowResponse(sendNotificationsStep(claimed))
  }
)
