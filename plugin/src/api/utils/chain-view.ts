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

/**
 * A refund's answer: its operation(s) on the chain and, for a refund in kind, the gift card
 * issued (its code is for the customer, shown once here and in the admin) or the credit made.
 */
export function refundAnswer(result: { operations: unknown[]; gift_card?: unknown; store_credit?: unknown }) {
  return {
    operation: result.operations[0],
    operations: result.operations,
    ...(result.gift_card ? { gift_card: result.gift_card } : {}),
    ...(result.store_credit ? { store_credit: result.store_credit } : {}),
  }
}
