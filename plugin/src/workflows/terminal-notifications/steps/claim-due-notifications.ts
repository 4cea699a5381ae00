import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { OMNICHANNEL_MODULE } from "../../../modules/omnichannel"
import type { IOmnichannelModuleService } from "../../../modules/omnichannel/service"

/** Claims due notifications for this run; undone by letting them go uncounted. */
export const claimDueNotificationsStep = createStep(
  "omnichannel-claim-due-notifications",
  async ({ limit }: { limit: number }, { container }) => {
    const ledger = container.resolve<IOmnichannelModuleService>(OMNICHANNEL_MODULE)
    // Long enough for every send of the run to time out, so no two runs send one message at once.
    const leaseMs = ledger.webhookSettings.timeoutMs * 2 + 5_000
    const claimed = await ledger.claimDueDeliveries(limit, leaseMs)
    return new StepResponse(claimed, claimed.map((m) => m.id))
  },
  async (ids, { container }) => {
    if (ids?.length) await container.resolve<IOmnichannelModuleService>(OMNICHANNEL_MODULE).releaseDeliveries(ids)
  }
)
