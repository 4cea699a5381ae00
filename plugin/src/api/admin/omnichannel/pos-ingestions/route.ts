import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { OMNICHANNEL_MODULE } from "../../../../modules/omnichannel"
import type { IOmnichannelModuleService } from "../../../../modules/omnichannel/service"
import type { ListPosIngestionsQuery } from "../validators"

/** The latest sales the tills sent and what the store answered (ingested, refused and why, in progress). */
export async function GET(req: MedusaRequest<unknown, ListPosIngestionsQuery>, res: MedusaResponse) {
  const { limit } = req.validatedQuery as ListPosIngestionsQuery
  const ingestions = await req.scope.resolve<IOmnichannelModuleService>(OMNICHANNEL_MODULE).listRecentPosIngestions(limit)
  res.json({ ingestions, count: ingestions.length })
}
