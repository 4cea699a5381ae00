import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { Modules } from "@medusajs/framework/utils"
import { OMNICHANNEL_MODULE } from "../../../../modules/omnichannel"
import type { IOmnichannelModuleService } from "../../../../modules/omnichannel/service"
import type { HealthQuery } from "../validators"

const WINDOW_MS = { "24h": 24 * 60 * 60 * 1000, "7d": 7 * 24 * 60 * 60 * 1000 }

/**
 * How payments went over the last 24 hours or 7 days, from the ledger: approval rates and
 * decline reasons per channel, acquirer latency, till refusals per terminal, what is still
 * pending, and notifications not delivered (to terminals, and emails Medusa failed to send).
 */
export async function GET(req: MedusaRequest<unknown, HealthQuery>, res: MedusaResponse) {
  const { window } = req.validatedQuery as HealthQuery
  const since = new Date(Date.now() - WINDOW_MS[window])
  const ledger = req.scope.resolve<IOmnichannelModuleService>(OMNICHANNEL_MODULE)
  const [report, [, emailsFailed]] = await Promise.all([
    ledger.healthReport(since),
    req.scope.resolve(Modules.NOTIFICATION).listAndCountNotifications({ status: "failure", created_at: { $gte: since } } as never, { take: 1, select: ["id"] }),
  ])
  res.json({
    health: {
      window,
      generated_at: new Date(),
      ...report,
      emails_failed: emailsFailed,
    },
  })
}
