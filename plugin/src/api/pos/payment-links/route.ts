import { createPaymentLinkWorkflow } from "../../../workflows/payment-links/create-payment-link"
import { ledgerOf } from "../../payment-links/payment-link-views"
import { PosCreatePaymentLinkBody } from "../../payment-links/validators"
import { idempotentRoute } from "../../utils/idempotent-route"
import type { PosRequest } from "../../utils/verify-pos-signature"

/** A till asks the customer to pay the rest online (e.g. after a deposit): the link goes to `customer_email`. */
export const POST = idempotentRoute({
  scope: (req: PosRequest) => `pos:${req.terminal.id}:payment-link`,
  body: PosCreatePaymentLinkBody,
  run: async (req, body) => {
    const { result } = await createPaymentLinkWorkflow(req.scope).run({
      input: { ...body, origin: "pos", terminal_id: req.terminal.id },
    })
    return { payment_link: ledgerOf(req.scope).viewPaymentLink(result) }
  },
})
