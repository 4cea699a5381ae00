import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { adminCreatePaymentLink } from "../../../../../payment-links/create-payment-link-route"
import { ledgerOf } from "../../../../../payment-links/payment-link-views"
import { handle } from "../../../../../utils/respond"

/** Asks the customer to pay on this chain (by default what its order still owes). */
export const POST = adminCreatePaymentLink((params) => ({ payment_id: params.payment_id }))

export const GET = handle(async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const ledger = ledgerOf(req.scope)
  const chain = await ledger.retrieveChainByPaymentId(req.params.payment_id)
  const links = await ledger.listPaymentLinks({ chain_id: chain.id })
  res.json({ payment_links: links.map((l) => ledger.viewPaymentLink(l)) })
})
