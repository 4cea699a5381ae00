import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { countOfflineOutcome } from "../../../metrics"
import { OMNICHANNEL_MODULE } from "../../../modules/omnichannel"
import type { IOmnichannelModuleService } from "../../../modules/omnichannel/service"
import type { OfflineOutcomeInput } from "../../../modules/omnichannel/money/offline-outcomes"

/**
 * The till's outcome on the chain (the module's money rule, under the chain's lock). No
 * compensation: an outcome the till reported is a fact; a run that fails after it is sent
 * again and finishes what is missing.
 */
export const reportOfflineOutcomeStep = createStep(
  "omnichannel-report-offline-outcome",
  async (input: OfflineOutcomeInput, { container }) => {
    const result = await container.resolve<IOmnichannelModuleService>(OMNICHANNEL_MODULE).reportOfflineOutcome(input)
    if (result.applied) countOfflineOutcome(input.outcome, result.operation)
    return new StepResponse(result)
  }
)
