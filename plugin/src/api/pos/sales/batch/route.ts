import type { MedusaResponse } from "@medusajs/framework/http"
import { withIdempotentBatch } from "../../../../idempotency/with-idempotent-batch"
import { ingestPosSalesBatch } from "../../../../workflows/pos-sales-batch/ingest-sales-batch"
import { handle, parseInput } from "../../../utils/respond"
import type { PosRequest } from "../../../utils/verify-pos-signature"
import { PosSalesBatchBody } from "./validators"

/**
 * A till's backlog of sales in one signed request: each answered as `POST /pos/sales` would
 * answer it (idempotent under the same scope and key, `<terminal>:<sale_id>`), applied in
 * the order they happened; one refused sale refuses only itself.
 */
export const POST = handle(async (req: PosRequest, res: MedusaResponse) => {
  const { sales } = parseInput(PosSalesBatchBody, req.body)
  const answers = await withIdempotentBatch(
    req.scope,
    `pos:${req.terminal.id}:sale`,
    sales.map((body) => ({ key: saleKey(req.terminal.id, body), body })),
    (claimed) => ingestPosSalesBatch(req.scope, req.terminal, claimed)
  )
  res.status(200).json({
    results: answers.map((answer, i) => ({
      sale_id: saleIdOf(sales[i]) ?? null,
      status: answer.status,
      body: answer.body,
      ...(answer.replayed ? { replayed: true } : {}),
    })),
  })
})

function saleIdOf(body: unknown): string | undefined {
  const id = (body as { sale_id?: unknown } | null)?.sale_id
  return typeof id === "string" ? id : undefined
}

/** The single route's default key: a sale is the same request whichever route brings it. */
function saleKey(terminalId: string, body: unknown): string | undefined {
  const id = saleIdOf(body)
  return id === undefined ? undefined : `${terminalId}:${id}`
}
