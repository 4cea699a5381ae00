import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { OMNICHANNEL_MODULE } from "../../modules/omnichannel"
import type OmnichannelModuleService from "../../modules/omnichannel/service"

/** A chain as the API answers it: the ledger's view plus the Medusa order it belongs to. */
export async function loadChainView(scope: MedusaContainer, paymentId: string) {
  const ledger = scope.resolve<OmnichannelModuleService>(OMNICHANNEL_MODULE)
  const chain = await ledger.retrieveChainByPaymentId(paymentId)
  const view = await ledger.viewChain(chain.id)
  const { data } = await scope.resolve(ContainerRegistrationKeys.QUERY).graph({
    entity: "omnichannel_chain",
    fields: ["order.id"],
    filters: { id: chain.id },
  })
  const order = (data[0] as { order?: { id: string } | null } | undefined)?.order
  return { ...view, order_id: order?.id ?? null }
}
