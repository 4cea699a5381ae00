import { randomUUID } from "crypto"
import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { withIdempotency } from "../../../../../../idempotency/with-idempotency"
import { payoutChainWorkflow } from "../../../../../../workflows/payouts/payout-chain"
import { loadChainView } from "../../../../../utils/chain-view"
import { handle, parseInput } from "../../../../../utils/respond"
import { CreatePayoutBody } from "../../../validators"

export const POST = handle(async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const paymentId = req.params.payment_id
  const key = req.get("idempotency-key")
  await withIdempotency(req, res, `admin:payout:${paymentId}`, key, async () => {
    const body = parseInput(CreatePayoutBody, req.body)
    const { result } = await payoutChainWorkflow(req.scope).run({
      input: {
        payment_id: paymentId,
        amount: body.amount,
        currency_code: body.currency_code,
        reason: body.reason,
        actor_id: req.auth_context.actor_id,
        idempotency_key: key ? `admin:${key}` : `payout:${randomUUID()}`,
      },
    })
    return { status: 201, body: { operation: result, chain: await loadChainView(req.scope, paymentId) } }
  })
})
