import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { withIdempotency } from "../../../../../../idempotency/with-idempotency"
import { createPaymentLinkWorkflow } from "../../../../../../workflows/payment-links/create-payment-link"
import { AdminCreatePaymentLinkBody } from "../../../../../payment-links/validators"
import { ledgerOf } from "../../../../../payment-links/payment-link-views"
import { handle, parseInput } from "../../../../../utils/respond"

/** Asks the customer to pay on this chain (by default what its order still owes). */
export const POST = handle(async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const paymentId = req.params.payment_id
  await withIdempotency(req, res, `admin:payment-link:${paymentId}`, req.get("idempotency-key"), async () => {
    const body = parseInput(AdminCreatePaymentLinkBody, req.body)
    const { result } = await createPaymentLinkWorkflow(req.scope).run({
      input: { ...body, payment_id: paymentId, origin: "admin", actor_id: req.auth_context.actor_id },
    })
    return { status: 201, body: { payment_link: ledgerOf(req.scope).viewPaymentLink(result) } }
  })
})

export const GET = handle(async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const ledger = ledgerOf(req.scope)
  const chain = await ledger.retrieveChainByPaymentId(req.params.payment_id)
  const links = await ledger.listPaymentLinks({ chain_id: chain.id })
  res.json({ payment_links: links.map((l) => ledger.viewPaymentLink(l)) })
})
