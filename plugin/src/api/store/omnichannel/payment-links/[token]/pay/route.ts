import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { OmnichannelError } from "../../../../../../errors/omnichannel-error"
import { assertPayable } from "../../../../../../modules/omnichannel/services/payment-links"
import { finishPaymentLinkWorkflow } from "../../../../../../workflows/payment-links/finish-payment-link"
import { payPaymentLinkWorkflow } from "../../../../../../workflows/payment-links/pay-payment-link"
import { customerLinkView, keepTokenPrivate, ledgerOf } from "../../../../../payment-links/payment-link-views"
import { PayPaymentLinkBody } from "../../../../../payment-links/validators"
import { handle, parseInput } from "../../../../../utils/respond"

/**
 * `{}`: the hosted card form to pay the link with. `{ hosted_tokenization_id, return_url }`:
 * pays it; answers paid, or requires_action with the 3-D Secure page to send the customer to.
 */
export const POST = handle(async (req: MedusaRequest, res: MedusaResponse) => {
  keepTokenPrivate(res)
  const ledger = ledgerOf(req.scope)
  let link = await ledger.retrievePaymentLinkByToken(req.params.token)
  if (!Object.keys(req.body ?? {}).length) {
    assertPayable(link)
    const hosted_card = await ledger.openHostedCardForm({ idempotency_key: `link-form:${link.id}:${Date.now()}` })
    res.json({ status: "card_required", hosted_card, payment_link: await customerLinkView(req.scope, link) })
    return
  }
  const body = parseInput(PayPaymentLinkBody, req.body)
  // The issuer sends the customer back there: only to the link's own page's site, never elsewhere.
  const pageOrigin = new URL(ledger.viewPaymentLink(link).url).origin
  if (new URL(body.return_url).origin !== pageOrigin) {
    throw new OmnichannelError("INVALID_DATA", `return_url: must be on ${pageOrigin}, where the payment link's page is`, "return_url")
  }
  if (link.attempt_operation_id) {
    // The customer tries again (another tab, back from an abandoned challenge): the earlier
    // payment is settled first; if it went through after all, nothing is charged twice.
    const { result } = await finishPaymentLinkWorkflow(req.scope).run({ input: { link_id: link.id, payment_id: link.payment_id, give_up: true } })
    link = result.link
  }
  assertPayable(link)
  const { result } = await payPaymentLinkWorkflow(req.scope).run({
    input: {
      link_id: link.id,
      payment_id: link.payment_id,
      hosted_tokenization_id: body.hosted_tokenization_id,
      return_url: body.return_url,
      browser: { ...body.browser, accept_header: req.get("accept"), ip_address: req.ip },
    },
  })
  const waiting = result.operation.status === "pending"
  res.json({
    status: waiting ? "requires_action" : "paid",
    ...(waiting ? { redirect_url: result.redirect_url } : {}),
    payment_link: await customerLinkView(req.scope, result.link),
  })
})
