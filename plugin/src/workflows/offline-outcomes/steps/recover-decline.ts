import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { OMNICHANNEL_MODULE } from "../../../modules/omnichannel"
import type { IOmnichannelModuleService, OperationDTO } from "../../../modules/omnichannel/service"
import { OFFLINE_DECLINE_NOTE, sendOfflineDeclineLinkWorkflow } from "../send-offline-decline-link"
import { offlineOutcomeOf } from "../../../modules/omnichannel/money/offline-outcomes"
import { sendOfflineDeclineEmail } from "./send-offline-decline-email"
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
      // A run cut short after making the link (before noting it): that link, not a second one.
      const earlier = await earlierDeclineLink(ledger, operation, terminal_id)
      if (earlier) {
        await sendOfflineDeclineEmail(container, earlier, operation)
        return new StepResponse(await ledger.noteOfflineRecovery(operation.id, { payment_link_id: earlier.id, email: earlier.customer_email }))
      }
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

/** The link an earlier run made for this decline: same chain, terminal and amount, the decline's note, made after it was reported. */
async function earlierDeclineLink(ledger: IOmnichannelModuleService, operation: OperationDTO, terminalId: string) {
  const reportedAt = new Date(offlineOutcomeOf(operation)?.reported_at ?? 0).getTime()
  const links = await ledger.listPaymentLinks({ chain_id: operation.chain_id })
  const candidates = links.filter(
    (l) => l.note === OFFLINE_DECLINE_NOTE && l.terminal_id === terminalId && l.amount === operation.amount && l.customer_email && +new Date(l.created_at) >= reportedAt
  )
  if (!candidates.length) return undefined
  // Not one another decline of the chain (two cards of the same amount) already took.
  const taken = new Set((await ledger.listOmnichannelOperations({ chain_id: operation.chain_id })).map((o) => offlineOutcomeOf(o)?.payment_link_id).filter(Boolean))
  return candidates.find((l) => !taken.has(l.id))
}
