import { createHash, timingSafeEqual } from "crypto"
import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { OmnichannelError } from "../../../errors/omnichannel-error"
import { scrapePrometheusMetrics } from "../../../metrics"
import { OMNICHANNEL_MODULE } from "../../../modules/omnichannel"
import type { IOmnichannelModuleService } from "../../../modules/omnichannel/service"
import { handle } from "../../utils/respond"

/** Prometheus scrape endpoint; 404 unless the plugin option metrics.enabled is set. */
export const GET = handle(async (req: MedusaRequest, res: MedusaResponse) => {
  const { enabled, token } = req.scope.resolve<IOmnichannelModuleService>(OMNICHANNEL_MODULE).metricsSettings
  if (!enabled) {
    throw new OmnichannelError("NOT_FOUND", "metrics are off: set the plugin option metrics.enabled to serve them here")
  }
  if (token) {
    const given = /^Bearer (.+)$/.exec(req.get("authorization") ?? "")?.[1] ?? ""
    if (!sameSecret(given, token)) {
      throw new OmnichannelError("METRICS_TOKEN_INVALID", "Authorization: send Bearer <metrics.token>", "Authorization")
    }
  }
  const { text, errors } = await scrapePrometheusMetrics()
  if (errors.length) {
    req.scope.resolve(ContainerRegistrationKeys.LOGGER).warn(`omnichannel metrics: served without what could not be read: ${errors.map(String).join("; ")}`)
  }
  res.setHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
  res.status(200).send(text)
})

// Compared as digests: equal length whatever was sent, so the time says nothing of the token.
function sameSecret(given: string, expected: string): boolean {
  const digest = (v: string) => createHash("sha256").update(v).digest()
  return timingSafeEqual(digest(given), digest(expected))
}
