import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { OMNICHANNEL_MODULE } from "../../../../modules/omnichannel"
import type { IOmnichannelModuleService } from "../../../../modules/omnichannel/service"
import type { ListStockDiscrepanciesQuery } from "../validators"

/** Levels a till sale took below zero that no later count or delivery has put right. */
export async function GET(req: MedusaRequest<unknown, ListStockDiscrepanciesQuery>, res: MedusaResponse) {
  const { stock_location_id } = req.validatedQuery as ListStockDiscrepanciesQuery
  const discrepancies = await req.scope
    .resolve<IOmnichannelModuleService>(OMNICHANNEL_MODULE)
    .listOpenStockDiscrepancies(stock_location_id ? { stock_location_id } : {})
  res.json({ discrepancies, count: discrepancies.length })
}
