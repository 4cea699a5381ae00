import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { lockChainStep, unlockChainStep } from "../common/steps/lock-chain"
import { attemptToRecord } from "./finish-payment-link"
import { recordLinkPaymentWorkflow } from "./record-link-payment"
import { cancelPaymentLinkStep } from "./steps/cancel-payment-link"
import { settleLinkAttemptStep } from "./steps/settle-link-attempt"

/**
 * Cancels a link, under the chain's lock so no payment of it starts meanwhile. A payment
 * still waiting for 3-D Secure is cancelled at the acquirer first; one that went through
 * is recorded instead, and the link, paid, is answered as it is (refund it instead).
 */
export const cancelPaymentLinkWorkflow = createWorkflow("omnichannel-cancel-payment-link", (input: { link_id: string; payment_id: string }) => {
  const lock = lockChainStep(transform({ input }, ({ input }) => ({ payment_id: input.payment_id })))
  const attempt = settleLinkAttemptStep({ link_id: input.link_id, give_up: true })
  when({ attempt }, ({ attempt }) => attemptToRecord(attempt)).then(() => {
    recordLinkPaymentWorkflow.runAsStep({ input: transform({ attempt }, ({ attempt }) => ({ link: attempt.link, operation: attempt.operation! })) })
  })
  const link = cancelPaymentLinkStep({ link_id: input.link_id })
  unlockChainStep(lock)
  return new WorkflowResponse(link)
})
