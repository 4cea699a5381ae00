import type { MedusaResponse } from "@medusajs/framework/http"
import { withIdempotency } from "../../../idempotency/with-idempotency"
import { receiveStockEventWorkflow } from "../../../workflows/inventory/receive-stock-event"
import { handle, parseInput } from "../../utils/respond"
import type { PosRequest } from "../../utils/verify-pos-signature"
import { PosStockEventBody } from "../validators"

/** A count, adjustment or return at the terminal's stock location; idempotent by event_id. */
export const POST = handle(async (req: PosRequest, res: MedusaResponse) => {
  const terminal = req.terminal
  const eventId = (req.body as { event_id?: unknown })?.event_id
  const key = req.get("idempotency-key") ?? (typeof eventId === "string" ? eventId : undefined)
  await withIdempotency(req, res, `pos:${terminal.id}:stock-event`, key, async () => {
    const body = parseInput(PosStockEventBody, req.body)
    const { result } = await receiveStockEventWorkflow(req.scope).run({ input: { ...body, terminal } })
    return { status: 201, body: result }
  })
})
