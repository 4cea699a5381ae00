import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { handle } from "../../../../../utils/respond"
import { customerActivityOf, parseActivityQuery } from "../../customer-activity"

/**
 * GET /admin/omnichannel/customers/:customer_id/activity?limit=&offset= — the customer's
 * money across channels per currency, their cards and where each was used, and their
 * chains newest first (a page of them). Reads only.
 */
export const GET = handle(async (req: MedusaRequest, res: MedusaResponse) => {
  const page = parseActivityQuery(req.query)
  res.json(await customerActivityOf(req.scope, req.params.customer_id, page))
})
