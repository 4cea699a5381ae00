import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { checkPaymentLinkSendableStep, findOfflineDeclineOfLinkStep, sendPaymentLinkAgainStep } from "./steps/send-payment-link-again"

/** The admin's "Send link again": an open link's email to its customer once more (the decline's wording for a declined offline card). */
export const sendPaymentLinkAgainWorkflow = createWorkflow("omnichannel-send-payment-link-again", (input: { link_id: string; request_key: string }) => {
  const link = checkPaymentLinkSendableStep({ link_id: input.link_id })
  const decline = findOfflineDeclineOfLinkStep({ link_id: input.link_id })
  const email = sendPaymentLinkAgainStep(transform({ link, decline, input }, ({ link, decline, input }) => ({ link, decline, request_key: input.request_key })))
  return new WorkflowResponse({ link, email })
})
