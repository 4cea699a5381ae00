import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { OMNICHANNEL_MODULE } from "../../../../modules/omnichannel"
import type OmnichannelModuleService from "../../../../modules/omnichannel/service"
import type { ListChainsQuery } from "../validators"

export async function GET(req: MedusaRequest<unknown, ListChainsQuery>, res: MedusaResponse) {
  const omnichannel: OmnichannelModuleService = req.scope.resolve(OMNICHANNEL_MODULE)
  const { limit, offset } = req.validatedQuery as ListChainsQuery
  const [chains, count] = await omnichannel.listAndCountOmnichannelChains(
    {},
    { take: limit, skip: offset, order: { created_at: "DESC" } }
  )
  res.json({ chains, count, limit, offset })
}
