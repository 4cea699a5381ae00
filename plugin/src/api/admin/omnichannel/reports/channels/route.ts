import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { OMNICHANNEL_MODULE } from "../../../../../modules/omnichannel"
import type { IOmnichannelModuleService } from "../../../../../modules/omnichannel/service"
import type { ChannelReportQuery } from "../../validators"

const DAY_MS = 24 * 60 * 60 * 1000

/** Sales, refunds and refund rate by channel and UTC day over the last `days` days, per currency. */
export async function GET(req: MedusaRequest<unknown, ChannelReportQuery>, res: MedusaResponse) {
  const { days } = req.validatedQuery as ChannelReportQuery
  const today = new Date(new Date().toISOString().slice(0, 10))
  const since = new Date(today.getTime() - (days - 1) * DAY_MS)
  const rows = await req.scope.resolve<IOmnichannelModuleService>(OMNICHANNEL_MODULE).channelReport(since)
  res.json({ since: since.toISOString().slice(0, 10), days, rows })
}
