import type { MedusaResponse } from "@medusajs/framework/http"
import { withIdempotency } from "../../../idempotency/with-idempotency"
import { createPaymentLinkWorkflow } from "../../../workflows/payment-links/create-payment-link"
import { ledgerOf } from "../../payment-links/payment-link-views"
import { PosCreatePaymentLinkBody } from "../../payment-links/validators"
import { handle, parseInput } from "../../utils/respond"
import type { PosRequest } from "../../utils/verify-pos-signature"

/** A till asks the customer to pay the rest online (e.g. after a deposit): the link goes to `customer_email`. */
export const POST = handle(async (req: PosRequest, res: MedusaResponse) => {
  const terminal = req.terminal
  await withIdempotency(req, res, `pos:${terminal.id}:payment-link`, req.get("idempotency-key"), async () => {
    const body = parseInput(PosCreatePaymentLinkBody, req.body)
    const { result } = await createPaymentLinkWorkflow(req.scope).run({
      input: { ...body, origin: "pos", terminal_id: terminal.id },
    })
    return { status: 201, body: { payment_link: ledgerOf(req.scope).viewPaymentLink(result) } }
  })
})
