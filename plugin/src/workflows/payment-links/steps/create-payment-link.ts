import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { OMNICHANNEL_MODULE } from "../../../modules/omnichannel"
import type { IOmnichannelModuleService } from "../../../modules/omnichannel/service"
import type { NewPaymentLink } from "../../../modules/omnichannel/services/payment-links"

export const createPaymentLinkStep = createStep(
  "omnichannel-create-payment-link",
  async (input: NewPaymentLink, { container }) => {
    const link = await container.resolve<IOmnichannelModuleService>(OMNICHANNEL_MODULE).createPaymentLink(input)
    return new StepResponse(link, link.id)
  },
  async (id, { container }) => {
    if (id) await container.resolve<IOmnichannelModuleService>(OMNICHANNEL_MODULE).deleteOmnichannelPaymentLinks([id])
  }
)
