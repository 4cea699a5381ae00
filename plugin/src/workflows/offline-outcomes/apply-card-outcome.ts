import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { emitEventStep } from "@medusajs/medusa/core-flows"
import type { OfflineOutcomeInput } from "../../modules/omnichannel/money/offline-outcomes"
import { findDeclineRecoveryStep } from "./steps/find-decline-recovery"
import { lockOfflineOutcomeStep, offlineOutcomeLockKey, unlockOfflineOutcomeStep } from "./steps/lock-offline-outcome"
import { recoverDeclineStep } from "./steps/recover-decline"
import { reportOfflineOutcomeStep } from "./steps/report-offline-outcome"
import { OFFLINE_PAYMENT_DECLINED } from "./steps/send-offline-decline-email"
import { settleMedusaPaymentStep } from "./steps/settle-medusa-payment"

export { OFFLINE_PAYMENT_DECLINED }

/**
 * One outcome a till reports for a card it approved offline (DESIGN 7.2): the chain's
 * payment succeeds or fails, Medusa's payment is captured or canceled, and a decline is
 * asked again through a payment link when an email is known. A replay (the same outcome
 * again) only finishes what an earlier run may have left undone, so nothing happens twice.
 */
export const applyCardOutcomeWorkflow = createWorkflow("omnichannel-apply-card-outcome", (input: OfflineOutcomeInput) => {
  const lock = lockOfflineOutcomeStep(transform({ input }, ({ input }) => ({ key: offlineOutcomeLockKey(input.terminal_id, input.acquirer_reference) })))
  const reported = reportOfflineOutcomeStep(input)
  const operation = transform({ reported }, ({ reported }) => reported.operation)
  settleMedusaPaymentStep({ operation })
  const recovery = findDeclineRecoveryStep({ operation })
  const final = recoverDeclineStep(transform({ recovery, operation, input }, ({ recovery, operation, input }) => ({ recovery, operation, terminal_id: input.terminal_id })))
  when("offline-decline-applied", { reported }, ({ reported }) => reported.applied && reported.operation.status === "failed").then(() => {
    emitEventStep({ eventName: OFFLINE_PAYMENT_DECLINED, data: transform({ reported }, ({ reported }) => ({ id: reported.operation.id })) })
  })
  unlockOfflineOutcomeStep(lock)
  return new WorkflowResponse({ operation: final, replayed: transform({ reported }, ({ reported }) => !reported.applied) })
})
