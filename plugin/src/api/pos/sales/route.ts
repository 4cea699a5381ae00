import type { MedusaResponse } from "@medusajs/framework/http"
import { withIdempotency } from "../../../idempotency/with-idempotency"
import { ingestPosSaleWorkflow } from "../../../workflows/pos-sales/ingest-pos-sale"
import { handle, parseInput } from "../../utils/respond"
import type { PosRequest } from "../../utils/verify-pos-signature"
import { PosSaleBody } from "../validators"

/** An in-store sale. Idempotent per terminal and sale id unless the till sends its own key. */
export const POST = handle(async (req: PosRequest, res: MedusaResponse) => {
  const terminal = req.terminal
  const saleId = (req.body as { sale_id?: unknown })?.sale_id
  const key = req.get("idempotency-key") ?? (typeof saleId === "string" ? `${terminal.id}:${saleId}` : undefined)
  await withIdempotency(req, res, `pos:${terminal.id}:sale`, key, async () => {
    const body = parseInput(PosSaleBody, req.body)
    const { result } = await ingestPosSaleWorkflow(req.scope).run({ input: { ...body, terminal } })
    const { event: _event, ...answer } = result
    return { status: 201, body: answer }
  })
})
