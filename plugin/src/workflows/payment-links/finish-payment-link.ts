import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { lockChainStep, unlockChainStep } from "../common/steps/lock-chain"
import { recordLinkPaymentWorkflow } from "./record-link-payment"
import { settleLinkAttemptStep, type SettleLinkAttemptInput } from "./steps/settle-link-attempt"

export type FinishPaymentLinkInput = SettleLinkAttemptInput & { payment_id: string }

/**
 * A link's payment that waited for its customer (3-D Secure), finished from the acquirer's
 * word: on the customer's return, by the settle job, before another attempt. Succeeded:
 * recorded on the order and the link paid, as if it had not waited.
 */
export const finishPaymentLinkWorkflow = createWorkflow("omnichannel-finish-payment-link", (input: FinishPaymentLinkInput) => {
  const lock = lockChainStep(transform({ input }, ({ input }) => ({ payment_id: input.payment_id })))
  const attempt = settleLinkAttemptStep(
    transform({ input }, ({ input }) => ({ link_id: input.link_id, give_up: input.give_up, abandon_before: input.abandon_before }))
  )
  const recorded = when({ attempt }, ({ attempt }) => attemptToRecord(attempt)).then(() =>
    recordLinkPaymentWorkflow.runAsStep({ input: transform({ attempt }, ({ attempt }) => ({ link: attempt.link, operation: attempt.operation! })) })
  )
  unlockChainStep(lock)
  return new WorkflowResponse({
    link: transform({ attempt, recorded }, ({ attempt, recorded }) => recorded ?? attempt.link),
    operation: transform({ attempt }, ({ attempt }) => attempt.operation),
  })
})

/** The link's last payment went through and the link does not say so yet. */
export function attemptToRecord(attempt: { link: { paid_operation_id: string | null }; operation: { id: string; status: string } | null }) {
  return attempt.operation?.status === "succeeded" && attempt.link.paid_operation_id !== attempt.operation.id
}
