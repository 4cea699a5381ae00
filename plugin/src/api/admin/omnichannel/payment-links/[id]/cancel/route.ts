import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { OmnichannelError } from "../../../../../../errors/omnichannel-error"
import { cancelPaymentLinkWorkflow } from "../../../../../../workflows/payment-links/cancel-payment-link"
import { ledgerOf } from "../../../../../payment-links/payment-link-views"
import { handle } from "../../../../../utils/respond"

/** Cancels an open link (a payment of it waiting for 3-D Secure is cancelled too); a paid one answers 409. */
export const POST = handle(async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const ledger = ledgerOf(req.scope)
  const link = await ledger.retrievePaymentLink(req.params.id)
  const { result } = await cancelPaymentLinkWorkflow(req.scope).run({ input: { link_id: link.id, payment_id: link.payment_id } })
  if (result.status === "paid") {
    throw new OmnichannelError("PAYMENT_LINK_NOT_PAYABLE", "this payment link has already been paid: refund its payment instead of canceling it")
  }
  res.json({ payment_link: ledger.viewPaymentLink(result) })
})
