import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { createPaymentLinkStep } from "../payment-links/steps/create-payment-link"
import { resolvePaymentLinkTargetStep } from "../payment-links/steps/resolve-payment-link-target"
import type { OperationDTO } from "../../modules/omnichannel/service"
import type { DeclineRecovery } from "./steps/find-decline-recovery"
import { noteOfflineRecoveryStep } from "./steps/note-offline-recovery"
import { sendOfflineDeclineEmailStep } from "./steps/send-offline-decline-email"

/** The note of a decline's link: with its chain, terminal and amount, how a run sent again finds the link an interrupted one made. */
export const OFFLINE_DECLINE_NOTE = "Your card payment in our shop was declined after the sale."

export type SendOfflineDeclineLinkInput = {
  recovery: DeclineRecovery & { email: string }
  operation: OperationDTO
  terminal_id: string
}

/**
 * A card declined after the sale: a payment link for its amount on the same payment (the
 * order owes it again), sent at once with the `omnichannel-offline-decline` email (not the
 * plain payment request: the customer is told why), and noted on the operation.
 */
export const sendOfflineDeclineLinkWorkflow = createWorkflow("omnichannel-send-offline-decline-link", (input: SendOfflineDeclineLinkInput) => {
  const target = resolvePaymentLinkTargetStep(
    transform({ input }, ({ input }) => ({ payment_id: input.recovery.payment_id, amount: input.recovery.amount, currency_code: input.recovery.currency_code }))
  )
  const link = createPaymentLinkStep(
    transform({ input, target }, ({ input, target }) => ({
      chain_id: target.chain!.id,
      payment_id: target.chain!.payment_id,
      order_id: target.order_id,
      amount: target.amount,
      currency_code: target.currency_code,
      customer_email: input.recovery.email,
      note: OFFLINE_DECLINE_NOTE,
      origin: "pos" as const,
      terminal_id: input.terminal_id,
    }))
  )
  sendOfflineDeclineEmailStep(transform({ input, link }, ({ input, link }) => ({ link, operation: input.operation })))
  const operation = noteOfflineRecoveryStep(
    transform({ input, link }, ({ input, link }) => ({ operation_id: input.operation.id, payment_link_id: link.id, email: input.recovery.email }))
  )
  return new WorkflowResponse({ operation, link })
})
