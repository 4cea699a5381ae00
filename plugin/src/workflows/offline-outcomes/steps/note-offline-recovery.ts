import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { OMNICHANNEL_MODULE } from "../../../modules/omnichannel"
import type { IOmnichannelModuleService } from "../../../modules/omnichannel/service"
import type { OfflineRecovery } from "../../../modules/omnichannel/money/offline-outcomes"

/** What the decline's recovery did, kept in the operation's outcome (the admin's "declined after the sale" list reads it). */
export const noteOfflineRecoveryStep = createStep(
  "omnichannel-note-offline-recovery",
  async ({ operation_id, ...recovery }: OfflineRecovery & { operation_id: string }, { container }) => {
    return new StepResponse(await container.resolve<IOmnichannelModuleService>(OMNICHANNEL_MODULE).noteOfflineRecovery(operation_id, recovery))
  }
)
