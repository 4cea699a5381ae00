import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { OMNICHANNEL_MODULE } from "../../../modules/omnichannel"
import type { IOmnichannelModuleService } from "../../../modules/omnichannel/service"

/** A paid link is returned as it is: the caller says it cannot be canceled. No compensation: nothing after it can fail. */
export const cancelPaymentLinkStep = createStep("omnichannel-cancel-payment-link", async ({ link_id }: { link_id: string }, { container }) => {
  return new StepResponse(await container.resolve<IOmnichannelModuleService>(OMNICHANNEL_MODULE).cancelPaymentLink(link_id))
})
