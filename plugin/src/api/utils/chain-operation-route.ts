import type { AuthenticatedMedusaRequest } from "@medusajs/framework/http"
import type { z } from "@medusajs/framework/zod"
import { loadChainView } from "./chain-view"
import { idempotentRoute } from "./idempotent-route"

/** What every admin operation on a chain passes its workflow: the chain, who asked, and the request's key. */
type OnChain = { payment_id: string; actor_id: string; idempotency_key: string | undefined }

/**
 * The admin's `POST /admin/omnichannel/chains/:payment_id/<operation>`: keys are unique per
 * chain and operation, and the answer is what the workflow did plus the chain after it.
 * `idempotency_key` is the request's key, namespaced so it never meets a till's; without a
 * key each route picks its own.
 */
export function chainOperationRoute<Body extends z.ZodTypeAny>(
  operation: "refund" | "payout" | "subsequent",
  body: Body,
  run: (req: AuthenticatedMedusaRequest, body: z.infer<Body>, on: OnChain) => Promise<Record<string, unknown>>
) {
  return idempotentRoute({
    scope: (req: AuthenticatedMedusaRequest) => `admin:${operation}:${req.params.payment_id}`,
    body,
    run: async (req, parsed, key) => {
      const paymentId = req.params.payment_id
      const on = { payment_id: paymentId, actor_id: req.auth_context.actor_id, idempotency_key: key ? `admin:${key}` : undefined }
      return { ...(await run(req, parsed, on)), chain: await loadChainView(req.scope, paymentId) }
    },
  })
}
