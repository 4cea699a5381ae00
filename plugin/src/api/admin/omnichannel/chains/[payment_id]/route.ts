import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { loadChainView } from "../../../../utils/chain-view"
import { handle } from "../../../../utils/respond"

export const GET = handle(async (req: MedusaRequest, res: MedusaResponse) => {
  res.json({ chain: await loadChainView(req.scope, req.params.payment_id) })
})
