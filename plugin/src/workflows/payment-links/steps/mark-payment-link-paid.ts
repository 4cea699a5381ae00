import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { OMNICHANNEL_MODULE } from "../../../modules/omnichannel"
import type { IOmnichannelModuleService } from "../../../modules/omnichannel/service"
import type { OperationDTO } from "../../../modules/omnichannel/service"

/**
 * The link is paid by this payment, once (refused when it was canceled or paid otherwise).
 * A chain without a card (a cash deposit's) takes the card that paid: later refunds at a
 * till go back to it. Compensation makes the link payable again.
 */
export const markPaymentLinkPaidStep = createStep(
  "omnichannel-mark-payment-link-paid",
  async ({ link_id, operation }: { link_id: string; operation: OperationDTO }, { container }) => {
    const ledger = container.resolve<IOmnichannelModuleService>(OMNICHANNEL_MODULE)
    const before = await ledger.retrievePaymentLink(link_id)
    const link = await ledger.markPaymentLinkPaid(link_id, operation.id)
    const cardTokenId = (operation.metadata as { card_token_id?: string } | null)?.card_token_id
    if (cardTokenId) {
      const chain = await ledger.retrieveOmnichannelChain(operation.chain_id)
      if (!chain.card_token_id) await ledger.updateOmnichannelChains({ id: chain.id, card_token_id: cardTokenId })
    }
    const newlyPaid = before.paid_operation_id !== operation.id
    return new StepResponse({ link, newly_paid: newlyPaid }, newlyPaid ? { link_id, operation_id: operation.id } : undefined)
  },
  async (paid, { container }) => {
    if (paid) await container.resolve<IOmnichannelModuleService>(OMNICHANNEL_MODULE).reopenPaymentLink(paid.link_id, paid.operation_id)
  }
)
