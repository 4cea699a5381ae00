import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { withIdempotency } from "../../../../../../idempotency/with-idempotency"
import { refundChainWorkflow } from "../../../../../../workflows/refunds/refund-chain"
import { loadChainView, refundAnswer } from "../../../../../utils/chain-view"
import { handle, parseInput } from "../../../../../utils/respond"
import { CreateRefundBody } from "../../../validators"

export const POST = handle(async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const paymentId = req.params.payment_id
  const key = req.get("idempotency-key")
  await withIdempotency(req, res, `admin:refund:${paymentId}`, key, async () => {
    const body = parseInput(CreateRefundBody, req.body)
    const { result } = await refundChainWorkflow(req.scope).run({
      input: {
        payment_id: paymentId,
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
    return { status: 201, body: { ...refundAnswer(result), chain: await loadChainView(req.scope, paymentId) } }
  })
})
