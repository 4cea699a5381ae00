import { ingestPosSaleWorkflow } from "../../../workflows/pos-sales/ingest-pos-sale"
import { idempotentRoute } from "../../utils/idempotent-route"
import type { PosRequest } from "../../utils/verify-pos-signature"
import { PosSaleBody } from "../validators"

/** An in-store sale. Idempotent per terminal and sale id unless the till sends its own key. */
export const POST = idempotentRoute({
  scope: (req: PosRequest) => `pos:${req.terminal.id}:sale`,
  key: (req) => {
    const saleId = (req.body as { sale_id?: unknown })?.sale_id
    return req.get("idempotency-key") ?? (typeof saleId === "string" ? `${req.terminal.id}:${saleId}` : undefined)
  },
  body: PosSaleBody,
  run: async (req, body) => {
    const { result } = await ingestPosSaleWorkflow(req.scope).run({ input: { ...body, terminal: req.terminal } })
    const { event: _event, ...answer } = result
    return answer
  },
})
