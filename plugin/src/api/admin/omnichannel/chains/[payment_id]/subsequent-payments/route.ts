import { randomUUID } from "crypto"
import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { withIdempotency } from "../../../../../../idempotency/with-idempotency"
import { subsequentPaymentWorkflow } from "../../../../../../workflows/payments/subsequent-payment"
import { loadChainView } from "../../../../../utils/chain-view"
import { handle, parseInput } from "../../../../../utils/respond"
import { CreateSubsequentPaymentBody } from "../../../validators"

export const POST = handle(async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const paymentId = req.params.payment_id
  const key = req.get("idempotency-key")
  await withIdempotency(req, res, `admin:subsequent:${paymentId}`, key, async () => {
    const body = parseInput(CreateSubsequentPaymentBody, req.body)
    const { result } = await subsequentPaymentWorkflow(req.scope).run({
      input: {
        payment_id: paymentId,
        amount: body.amount,
        currency_code: body.currency_code,
        authorization_mode: body.authorization_mode,
        actor_id: req.auth_context.actor_id,
        idempotency_key: key ? `admin:${key}` : `subsequent:${randomUUID()}`,
      },
    })
    return { status: 201, body: { operation: result, chain: await loadChainView(req.scope, paymentId) } }
  })
})
