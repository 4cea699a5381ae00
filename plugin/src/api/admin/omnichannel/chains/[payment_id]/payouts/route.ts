import { randomUUID } from "crypto"
import type { AuthenticatedMedusaRequest } from "@medusajs/framework/http"
import { payoutChainWorkflow } from "../../../../../../workflows/payouts/payout-chain"
import { loadChainView } from "../../../../../utils/chain-view"
import { idempotentRoute } from "../../../../../utils/idempotent-route"
import { CreatePayoutBody } from "../../../validators"

export const POST = idempotentRoute({
  scope: (req: AuthenticatedMedusaRequest) => `admin:payout:${req.params.payment_id}`,
  body: CreatePayoutBody,
  run: async (req, body, key) => {
    const { result } = await payoutChainWorkflow(req.scope).run({
      input: {
        payment_id: req.params.payment_id,
        amount: body.amount,
        currency_code: body.currency_code,
        reason: body.reason,
        actor_id: req.auth_context.actor_id,
        idempotency_key: key ? `admin:${key}` : `payout:${randomUUID()}`,
      },
    })
    return { operation: result, chain: await loadChainView(req.scope, req.params.payment_id) }
  },
})
