import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { withIdempotency } from "../../idempotency/with-idempotency"
import { createPaymentLinkWorkflow } from "../../workflows/payment-links/create-payment-link"
import { handle, parseInput } from "../utils/respond"
import { ledgerOf } from "./payment-link-views"
import { AdminCreatePaymentLinkBody } from "./validators"

/** The admin's `POST .../payment-links` on an order or a chain: `target` names which, from the route's params. */
export function adminCreatePaymentLink(target: (params: Record<string, string>) => { order_id: string } | { payment_id: string }) {
  return handle(async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
    const on = target(req.params)
    await withIdempotency(req, res, `admin:payment-link:${Object.values(on)[0]}`, req.get("idempotency-key"), async () => {
      const body = parseInput(AdminCreatePaymentLinkBody, req.body)
      const { result } = await createPaymentLinkWorkflow(req.scope).run({
        input: { ...body, ...on, origin: "admin", actor_id: req.auth_context.actor_id },
      })
      return { status: 201, body: { payment_link: ledgerOf(req.scope).viewPaymentLink(result) } }
    })
  })
}
