import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { OMNICHANNEL_MODULE } from "../../../modules/omnichannel"
import type { IOmnichannelModuleService } from "../../../modules/omnichannel/service"

export type FinishReconciliationInput = {
  reconciliation_id: string
  chains_checked: number
  acquirer_checked: number
  acquirer_unavailable: number
}

/** Closes the run with its counts and answers it with every difference found. The last step: nothing after it can undo it. */
export const finishReconciliationStep = createStep(
  "omnichannel-finish-reconciliation",
  async (input: FinishReconciliationInput, { container }) => {
    const ledger = container.resolve<IOmnichannelModuleService>(OMNICHANNEL_MODULE)
    await ledger.finishReconciliation(input.reconciliation_id, {
      status: "completed",
      chains_checked: input.chains_checked,
      acquirer_checked: input.acquirer_checked,
      acquirer_unavailable: input.acquirer_unavailable,
    })
    return new StepResponse(await ledger.retrieveReconciliation(input.reconciliation_id))
  }
)
