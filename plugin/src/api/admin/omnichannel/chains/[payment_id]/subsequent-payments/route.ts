import { randomUUID } from "crypto"
import type { AuthenticatedMedusaRequest } from "@medusajs/framework/http"
import { subsequentPaymentWorkflow } from "../../../../../../workflows/payments/subsequent-payment"
import { loadChainView } from "../../../../../utils/chain-view"
import { idempotentRoute } from "../../../../../utils/idempotent-route"
import { CreateSubsequentPaymentBody } from "../../../validators"

export const POST = idempotentRoute({
  scope: (req: AuthenticatedMedusaRequest) => `admin:subsequent:${req.params.payment_id}`,
  body: CreateSubsequentPaymentBody,
  run: async (req, body, key) => {
    const { result } = await subsequentPaymentWorkflow(req.scope).run({
      input: {
        payment_id: req.params.payment_id,
        amount: body.amount,
        currency_code: body.currency_code,
        authorization_mode: body.authorization_mode,
        actor_id: req.auth_context.actor_id,
        idempotency_key: key ? `admin:${key}` : `subsequent:${randomUUID()}`,
      },
    })
    return { operation: result, chain: await loadChainView(req.scope, req.params.payment_id) }
  },
})
