import { refundChainWorkflow } from "../../../workflows/refunds/refund-chain"
import { loadChainView, refundAnswer } from "../../utils/chain-view"
import { idempotentRoute } from "../../utils/idempotent-route"
import type { PosRequest } from "../../utils/verify-pos-signature"
import { PosRefundBody } from "../validators"

/**
 * An in-store refund on any chain, also one paid online; same rules and lock as the
 * admin's. With `items`, the goods came back: a Medusa return, received at the till.
 */
export const POST = idempotentRoute({
  scope: (req: PosRequest) => `pos:${req.terminal.id}:refund`,
  body: PosRefundBody,
  run: async (req, body, key) => {
    const terminal = req.terminal
    const { result } = await refundChainWorkflow(req.scope).run({
      input: {
        payment_id: body.payment_id,
        amount: body.amount,
        currency_code: body.currency_code,
        reference: body.reference,
        method: body.method,
        channel: "in_store",
        prefer_channel: "in_store",
        terminal_id: terminal.id,
        stock_location_id: terminal.stock_location_id,
        idempotency_key: key ? `pos:${terminal.id}:${key}` : `refund:${body.reference}`,
        retry_of_same_request: !!key,
        items: body.items,
        restock: body.restock,
      },
    })
    return { ...refundAnswer(result), chain: await loadChainView(req.scope, body.payment_id) }
  },
})
