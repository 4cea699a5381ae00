import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { verifyWorldlineWebhook } from "../../../../acquirers/worldline-direct/webhooks"
import { withIdempotency } from "../../../../idempotency/with-idempotency"
import { OMNICHANNEL_MODULE } from "../../../../modules/omnichannel"
import type { IOmnichannelModuleService } from "../../../../modules/omnichannel/service"
import { applyAcquirerEventWorkflow } from "../../../../workflows/acquirer-events/apply-acquirer-event"
import { handle } from "../../../utils/respond"

/**
 * Worldline's webhooks. Signature checked over the raw body before anything else; each
 * event id is applied once (Worldline delivers at least once), a repeat gets the first answer.
 */
export const POST = handle(async (req: MedusaRequest & { rawBody?: Buffer }, res: MedusaResponse) => {
  const ledger = req.scope.resolve<IOmnichannelModuleService>(OMNICHANNEL_MODULE)
  const event = await verifyWorldlineWebhook(ledger.worldlineWebhookSecrets, req.rawBody, req.headers)
  await withIdempotency(req, res, "worldline:webhook", event.id ?? undefined, async () => {
    const { result } = await applyAcquirerEventWorkflow(req.scope).run({ input: event })
    return { status: 200, body: result }
  })
})
