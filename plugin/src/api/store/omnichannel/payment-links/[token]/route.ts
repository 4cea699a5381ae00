import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { customerLinkView, keepTokenPrivate, ledgerOf } from "../../../../payment-links/payment-link-views"
import { handle } from "../../../../utils/respond"

/** The payment link's page data, for anyone holding its token: no login. */
export const GET = handle(async (req: MedusaRequest, res: MedusaResponse) => {
  keepTokenPrivate(res)
  const link = await ledgerOf(req.scope).retrievePaymentLinkByToken(req.params.token)
  res.json({ payment_link: await customerLinkView(req.scope, link) })
})
