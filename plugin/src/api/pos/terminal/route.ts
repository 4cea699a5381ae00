import type { MedusaResponse } from "@medusajs/framework/http"
import { handle } from "../../utils/respond"
import type { PosRequest } from "../../utils/verify-pos-signature"

/**
 * The calling till as the store knows it, with the offline limits it must enforce while it
 * has no network. The signature middleware has already loaded it (an empty body is signed as "").
 */
export const GET = handle(async (req: PosRequest, res: MedusaResponse) => {
  const { id, name, stock_location_id, offline } = req.terminal
  res.status(200).json({ terminal: { id, name, stock_location_id, offline } })
})
