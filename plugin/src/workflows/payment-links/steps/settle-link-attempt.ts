import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { AcquirerError } from "../../../acquirers/types"
import { cancelUnfinishedPayment, settleFromAcquirer } from "../../../chain-payments/run-on-chain"
import { OMNICHANNEL_MODULE } from "../../../modules/omnichannel"
import type OmnichannelModuleService from "../../../modules/omnichannel/service"
import type { OperationDTO, PaymentLinkDTO } from "../../../modules/omnichannel/service"

export type SettleLinkAttemptInput = {
  link_id: string
  /** The customer starts another payment, or the link is canceled: an attempt still waiting is given up. */
  give_up?: boolean
  /** The settle job: an attempt still waiting that was started before this is given up. */
  abandon_before?: string | null
}

/**
 * The link's last payment attempt as the acquirer now sees it (3-D Secure finished or not),
 * settled on the chain; one still waiting is cancelled at the acquirer when given up. No
 * compensation: a settlement records what the acquirer already did.
 */
export const settleLinkAttemptStep = createStep(
  "omnichannel-settle-link-attempt",
  async (input: SettleLinkAttemptInput, { container }) => {
    const ledger = container.resolve<OmnichannelModuleService>(OMNICHANNEL_MODULE)
    const link = await ledger.retrievePaymentLink(input.link_id)
    if (!link.attempt_operation_id) {
      return new StepResponse<{ link: PaymentLinkDTO; operation: OperationDTO | null }>({ link, operation: null })
    }
    let op = await ledger.retrieveOmnichannelOperation(link.attempt_operation_id)
    op = await settleFromAcquirer(ledger, op).catch((err) => {
      if (err instanceof AcquirerError && err.kind === "retryable") return op
      throw err
    })
    const stale = !!input.abandon_before && op.created_at < new Date(input.abandon_before)
    if (op.status === "pending" && op.acquirer_reference && (input.give_up || stale)) {
      op = await cancelUnfinishedPayment(ledger, op, input.give_up ? "replaced by another payment of the same link" : "the customer never finished 3-D Secure; the payment was cancelled")
    }
    return new StepResponse<{ link: PaymentLinkDTO; operation: OperationDTO | null }>({ link, operation: op })
  }
)
