import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import type { BrowserData } from "../../../acquirers/types"
import { OMNICHANNEL_MODULE } from "../../../modules/omnichannel"
import type { IOmnichannelModuleService, OperationDTO, PaymentLinkDTO } from "../../../modules/omnichannel/service"
import { linkPaymentKey } from "./check-payment-link-payable"

export type LinkPaymentInput = {
  link: PaymentLinkDTO
  hosted_tokenization_id: string
  return_url: string
  browser?: BrowserData
}

/**
 * The customer pays the link with a card typed in the platform's hosted form (the module's
 * `payLink`: a SALE on the link's chain, named the link's attempt before the acquirer is asked).
 * Compensation refunds a payment that succeeded but could not be recorded.
 */
export const authorizeLinkPaymentStep = createStep(
  "omnichannel-authorize-link-payment",
  async (input: LinkPaymentInput, { container }) => {
    const ledger = container.resolve<IOmnichannelModuleService>(OMNICHANNEL_MODULE)
    const paid = await ledger.payLink({ ...input, idempotency_key: linkPaymentKey(input.link.id, input.hosted_tokenization_id) })
    return new StepResponse(paid, paid.operation)
  },
  async (op: OperationDTO | undefined, { container }) => {
    // Only what had succeeded when this step ran: one still pending then is the settle job's.
    if (!op || op.status !== "succeeded") return
    await container
      .resolve<IOmnichannelModuleService>(OMNICHANNEL_MODULE)
      .undoPayment({ operation_id: op.id, note: "undo of a payment link payment that could not be recorded" })
  }
)
