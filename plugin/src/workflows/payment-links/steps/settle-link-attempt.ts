import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { OMNICHANNEL_MODULE } from "../../../modules/omnichannel"
import type { IOmnichannelModuleService, OperationDTO, PaymentLinkDTO } from "../../../modules/omnichannel/service"

export type SettleLinkAttemptInput = {
  link_id: string
  /** The customer starts another payment, or the link is canceled: an attempt still waiting is given up. */
  give_up?: boolean
  /** The settle job: an attempt still waiting that was started before this is given up. */
  abandon_before?: string | null
}

/**
 * The link's last payment attempt settled from the acquirer's word (the module's `settle`:
 * 3-D Secure finished or not; one still waiting is cancelled at the acquirer when given up,
 * and a cancel that fails is thrown, the attempt left pending). No compensation: a
 * settlement records what the acquirer already did.
 */
export const settleLinkAttemptStep = createStep(
  "omnichannel-settle-link-attempt",
  async (input: SettleLinkAttemptInput, { container }) => {
    const ledger = container.resolve<IOmnichannelModuleService>(OMNICHANNEL_MODULE)
    const link = await ledger.retrievePaymentLink(input.link_id)
    const operation = link.attempt_operation_id
      ? await ledger.settle(link.attempt_operation_id, {
          give_up: input.give_up ? "replaced by another payment of the same link" : undefined,
          abandon_before: input.abandon_before,
        })
      : null
    return new StepResponse<{ link: PaymentLinkDTO; operation: OperationDTO | null }>({ link, operation })
  }
)
