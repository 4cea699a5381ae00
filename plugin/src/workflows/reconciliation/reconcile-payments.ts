import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { compareChainsWithAcquirerStep } from "./steps/compare-chains-with-acquirer"
import { compareChainsWithOrdersStep } from "./steps/compare-chains-with-orders"
import { finishReconciliationStep } from "./steps/finish-reconciliation"
import { startReconciliationStep } from "./steps/start-reconciliation"

export type ReconcilePaymentsInput = {
  trigger: "schedule" | "admin"
  /** How far back a chain's activity makes it compared; 7 days unless given. */
  days?: number
  actor_id?: string | null
}

export const DEFAULT_RECONCILIATION_DAYS = 7

/**
 * One reconciliation run: each chain with activity in the last `days` days against Medusa's
 * order records and, where the acquirer can say, against the acquirer's. Answers the run
 * with every difference found.
 */
export const reconcilePaymentsWorkflow = createWorkflow("omnichannel-reconcile-payments", (input: ReconcilePaymentsInput) => {
  const run = startReconciliationStep(
    transform({ input }, ({ input }) => ({ trigger: input.trigger, days: input.days ?? DEFAULT_RECONCILIATION_DAYS, actor_id: input.actor_id ?? null }))
  )
  const compare = transform({ run }, ({ run }) => ({ reconciliation_id: run.id, since: run.since }))
  const orders = compareChainsWithOrdersStep(compare)
  const acquirer = compareChainsWithAcquirerStep(compare)
  const reconciliation = finishReconciliationStep(
    transform({ run, orders, acquirer }, ({ run, orders, acquirer }) => ({
      reconciliation_id: run.id,
      chains_checked: orders.chains_checked,
      acquirer_checked: acquirer.acquirer_checked,
      acquirer_unavailable: acquirer.acquirer_unavailable,
    }))
  )
  return new WorkflowResponse(reconciliation)
})
