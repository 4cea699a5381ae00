import { receiveStockEventWorkflow } from "../../../workflows/inventory/receive-stock-event"
import { idempotentRoute } from "../../utils/idempotent-route"
import type { PosRequest } from "../../utils/verify-pos-signature"
import { PosStockEventBody } from "../validators"

/** A count, adjustment or return at the terminal's stock location; idempotent by event_id. */
export const POST = idempotentRoute({
  scope: (req: PosRequest) => `pos:${req.terminal.id}:stock-event`,
  key: (req) => {
    const eventId = (req.body as { event_id?: unknown })?.event_id
    return req.get("idempotency-key") ?? (typeof eventId === "string" ? eventId : undefined)
  },
  body: PosStockEventBody,
  run: async (req, body) => {
    const { result } = await receiveStockEventWorkflow(req.scope).run({ input: { ...body, terminal: req.terminal } })
    return result
  },
})
