import type { MedusaContainer } from "@medusajs/framework/types"
import { orderIdOfChain } from "../../workflows/common/order-of-chain"
import { OMNICHANNEL_MODULE } from "../../modules/omnichannel"
import type OmnichannelModuleService from "../../modules/omnichannel/service"

/** A chain as the API answers it: the ledger's view plus the Medusa order it belongs to. */
export async function loadChainView(scope: MedusaContainer, paymentId: string) {
  const ledger = scope.resolve<OmnichannelModuleService>(OMNICHANNEL_MODULE)
  const chain = await ledger.retrieveChainByPaymentId(paymentId)
  const view = await ledger.viewChain(chain.id)
  return { ...view, order_id: await orderIdOfChain(scope, chain.id) }
}
