import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { OMNICHANNEL_MODULE } from "../../../../modules/omnichannel"
import type { IOmnichannelModuleService } from "../../../../modules/omnichannel/service"
import type { ListNotificationsQuery } from "../validators"

/** The outbox towards the tills: what is delivered, still retrying, or given up. */
export async function GET(req: MedusaRequest<unknown, ListNotificationsQuery>, res: MedusaResponse) {
  const { limit, offset, ...filters } = req.validatedQuery as ListNotificationsQuery
  const [notifications, count] = await req.scope
    .resolve<IOmnichannelModuleService>(OMNICHANNEL_MODULE)
    .listAndCountOmnichannelOutboxMessages(filters, { take: limit, skip: offset, order: { sequence: "DESC" } })
  res.json({ notifications, count, limit, offset })
}
