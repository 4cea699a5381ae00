import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { OMNICHANNEL_MODULE } from "../../../modules/omnichannel"
import type { IOmnichannelModuleService, OperationDTO } from "../../../modules/omnichannel/service"
import { sendOfflineDeclineLinkWorkflow } from "../send-offline-decline-link"
import type { DeclineRecovery } from "./find-decline-recovery"

/**
 * A decline not recovered yet: its link sent when an email is known, otherwise noted as
 * having nobody to write to. A link that cannot be made (the order no longer owes the
 * amount) is logged and noted without a link: the outcome itself stands either way.
 * Anything else (an approval, a replay) answers the operation as it is now.
 */
export const recoverDeclineStep = createStep(
  "omnichannel-recover-offline-decline",
  async ({ recovery, operation, terminal_id }: { recovery: DeclineRecovery; operation: OperationDTO; terminal_id: string }, { container }) => {
    const ledger = container.resolve<IOmnichannelModuleService>(OMNICHANNEL_MODULE)
    if (!recovery.needed) {
      return new StepResponse(await ledger.retrieveOmnichannelOperation(operation.id))
    }
    if (recovery.email) {
      const { result, errors } = await sendOfflineDeclineLinkWorkflow(container).run({
        input: { recovery: { ...recovery, email: recovery.email }, operation, terminal_id },
        throwOnError: false,
      })
      if (!errors.length) return new StepResponse(result.operation)
      container
        .resolve(ContainerRegistrationKeys.LOGGER)
        .warn(`medusa-plugin-omnichannel: no payment link for the offline decline ${operation.id}: ${errors[0]?.error?.message ?? "unknown error"}`)
    }
    return new StepResponse(await ledger.noteOfflineRecovery(operation.id, { payment_link_id: null, email: recovery.email }))
  }
)
