import type { MedusaContainer } from "@medusajs/framework/types"
import { orderIdOfChain } from "../../workflows/common/order-of-chain"
import { orderOwed } from "../../workflows/common/order-outstanding"
import { OMNICHANNEL_MODULE } from "../../modules/omnichannel"
import type { IOmnichannelModuleService } from "../../modules/omnichannel/service"

/**
 * A chain as the API answers it: the ledger's view plus the Medusa order it belongs to and
 * what that order still owes (`totals.order_owed`, null without an order).
 */
export async function loadChainView(scope: MedusaContainer, paymentId: string) {
  const ledger = scope.resolve<IOmnichannelModuleService>(OMNICHANNEL_MODULE)
  const chain = await ledger.retrieveChainByPaymentId(paymentId)
  const view = await ledger.viewChain(chain.id)
  const orderId = await orderIdOfChain(scope, chain.id)
  const orderOwedNow = orderId ? await orderOwed(scope, orderId, view.currency_code) : null
  return { ...view, operations: view.operations.map(viewedOperation), order_id: orderId, totals: { ...view.totals, order_owed: orderOwedNow } }
}

/**
 * An operation as the API shows it: a card a till approved offline, still waiting for the
 * till's outcome, is `offline_approved` (held, not paid, not owed), not an unknown `pending`.
 */
export function viewedOperation<O extends { type: string; status: string; metadata?: Record<string, unknown> | null }>(op: O): O {
  return op.type === "payment" && op.status === "pending" && op.metadata?.offline ? { ...op, status: "offline_approved" } : op
}

/**
 * A refund's answer: its operation(s) on the chain and, for a refund in kind, the gift card
 * issued (its code is for the customer, shown once here and in the admin) or the credit made.
 */
export function refundAnswer(result: { operations: unknown[]; gift_card?: unknown; store_credit?: unknown; return_id?: string | null }) {
  return {
    operation: result.operations[0],
    operations: result.operations,
    ...(result.return_id ? { return_id: result.return_id } : {}),
    ...(result.gift_card ? { gift_card: result.gift_card } : {}),
    ...(result.store_credit ? { store_credit: result.store_credit } : {}),
  }
}
