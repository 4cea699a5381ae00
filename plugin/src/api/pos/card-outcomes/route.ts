import type { MedusaResponse } from "@medusajs/framework/http"
import { applyCardOutcomes } from "../../../workflows/offline-outcomes/apply-card-outcomes"
import { handle, parseInput } from "../../utils/respond"
import type { PosRequest } from "../../utils/verify-pos-signature"
import { PosCardOutcomesBody } from "./validators"

/**
 * The outcomes of cards the terminal approved offline, reported after the fact: one result
 * per outcome, in the order sent. Each outcome is idempotent by itself (the same outcome
 * again is answered, not applied again), so the route needs no Idempotency-Key.
 */
export const POST = handle(async (req: PosRequest, res: MedusaResponse) => {
  const { outcomes } = parseInput(PosCardOutcomesBody, req.body)
  res.status(200).json({ results: await applyCardOutcomes(req.scope, req.terminal.id, outcomes) })
})
