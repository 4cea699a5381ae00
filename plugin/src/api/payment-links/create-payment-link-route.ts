import type { AuthenticatedMedusaRequest } from "@medusajs/framework/http"
import { createPaymentLinkWorkflow } from "../../workflows/payment-links/create-payment-link"
import { idempotentRoute } from "../utils/idempotent-route"
import { ledgerOf } from "./payment-link-views"
import { AdminCreatePaymentLinkBody } from "./validators"

/** The admin's `POST .../payment-links` on an order or a chain: `target` names which, from the route's params. */
export function adminCreatePaymentLink(target: (params: Record<string, string>) => { order_id: string } | { payment_id: string }) {
  return idempotentRoute({
    scope: (req: AuthenticatedMedusaRequest) => `admin:payment-link:${Object.values(target(req.params))[0]}`,
    body: AdminCreatePaymentLinkBody,
    run: async (req, body) => {
      const { result } = await createPaymentLinkWorkflow(req.scope).run({
        input: { ...body, ...target(req.params), origin: "admin", actor_id: req.auth_context.actor_id },
      })
      return { payment_link: ledgerOf(req.scope).viewPaymentLink(result) }
    },
  })
}
