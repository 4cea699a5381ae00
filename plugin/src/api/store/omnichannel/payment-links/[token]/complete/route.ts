import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { finishPaymentLinkWorkflow } from "../../../../../../workflows/payment-links/finish-payment-link"
import { attemptStatus, customerLinkView, keepTokenPrivate, ledgerOf } from "../../../../../payment-links/payment-link-views"
import { handle } from "../../../../../utils/respond"

/** Back from 3-D Secure: the link's payment as the acquirer now sees it, recorded when it went through. */
export const POST = handle(async (req: MedusaRequest, res: MedusaResponse) => {
  keepTokenPrivate(res)
  const link = await ledgerOf(req.scope).retrievePaymentLinkByToken(req.params.token)
  const { result } = await finishPaymentLinkWorkflow(req.scope).run({ input: { link_id: link.id, payment_id: link.payment_id } })
  res.json({ ...attemptStatus(result.link, result.operation), payment_link: await customerLinkView(req.scope, result.link) })
})
