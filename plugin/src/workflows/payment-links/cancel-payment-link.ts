import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { emitEventStep } from "@medusajs/medusa/core-flows"
import { lockChainStep, unlockChainStep } from "../common/steps/lock-chain"
import { PAYMENT_LINK_PAID } from "./create-payment-link"
import { cancelPaymentLinkStep } from "./steps/cancel-payment-link"
import { recordLinkPaymentStep } from "./steps/record-link-payment"
import { settleLinkAttemptStep } from "./steps/settle-link-attempt"

/**
 * Cancels a link, under the chain's lock so no payment of it starts meanwhile. A payment
 * still waiting for 3-D Secure is cancelled at the acquirer first; one that went through
 * is recorded instead, and the link, paid, is answered as it is (refund it instead).
 */
export const cancelPaymentLinkWorkflow = createWorkflow("omnichannel-cancel-payment-link", (input: { link_id: string; payment_id: string }) => {
  const lock = lockChainStep(transform({ input }, ({ input }) => ({ payment_id: input.payment_id })))
  const attempt = settleLinkAttemptStep({ link_id: input.link_id, give_up: true })
  when({ attempt }, ({ attempt }) => attempt.operation?.status === "succeeded" && attempt.link.paid_operation_id !== attempt.operation.id).then(() => {
    recordLinkPaymentStep(transform({ attempt }, ({ attempt }) => ({ link: attempt.link, operation: attempt.operation! })))
    emitEventStep({
      eventName: PAYMENT_LINK_PAID,
      data: transform({ attempt }, ({ attempt }) => ({ id: attempt.link.id, operation_id: attempt.operation!.id })),
    })
  })
  const link = cancelPaymentLinkStep({ link_id: input.link_id })
  unlockChainStep(lock)
  return new WorkflowResponse(link)
})
