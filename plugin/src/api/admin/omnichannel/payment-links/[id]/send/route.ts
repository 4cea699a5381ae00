import { randomUUID } from "crypto"
import type { AuthenticatedMedusaRequest } from "@medusajs/framework/http"
import { sendPaymentLinkAgainWorkflow } from "../../../../../../workflows/payment-links/send-payment-link-again"
import { ledgerOf } from "../../../../../payment-links/payment-link-views"
import { idempotentRoute } from "../../../../../utils/idempotent-route"
import { ResendPaymentLinkBody } from "../../../validators"

/**
 * Sends an open link's email to its customer again (409 for a paid, expired or canceled
 * link). With an Idempotency-Key, a retried click sends nothing twice.
 */
export const POST = idempotentRoute({
  scope: (req: AuthenticatedMedusaRequest) => `admin:payment-link-send:${req.params.id}`,
  body: ResendPaymentLinkBody,
  status: 200,
  run: async (req, _body, key) => {
    const { result } = await sendPaymentLinkAgainWorkflow(req.scope).run({ input: { link_id: req.params.id, request_key: key ?? randomUUID() } })
    return { payment_link: ledgerOf(req.scope).viewPaymentLink(result.link), email: result.email }
  },
})
