import type { AuthenticatedMedusaRequest } from "@medusajs/framework/http"
import { refundChainWorkflow } from "../../../../../../workflows/refunds/refund-chain"
import { loadChainView, refundAnswer } from "../../../../../utils/chain-view"
import { idempotentRoute } from "../../../../../utils/idempotent-route"
import { CreateRefundBody } from "../../../validators"

export const POST = idempotentRoute({
  scope: (req: AuthenticatedMedusaRequest) => `admin:refund:${req.params.payment_id}`,
  body: CreateRefundBody,
  run: async (req, body, key) => {
    const { result } = await refundChainWorkflow(req.scope).run({
      input: {
        payment_id: req.params.payment_id,
        amount: body.amount,
        currency_code: body.currency_code,
        reference: body.reference,
        method: body.method,
        note: body.note ?? null,
        prefer_channel: body.prefer_channel,
        channel: "online",
        actor_id: req.auth_context.actor_id,
        // One key per refund request, the same on every retry: the acquirer refunds once.
        idempotency_key: key ? `admin:${key}` : `refund:${body.reference}`,
        retry_of_same_request: !!key,
      },
    })
    return { ...refundAnswer(result), chain: await loadChainView(req.scope, req.params.payment_id) }
  },
})
