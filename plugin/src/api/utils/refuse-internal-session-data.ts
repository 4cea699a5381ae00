import type { MedusaNextFunction, MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { OmnichannelError } from "../../errors/omnichannel-error"
import { sendError } from "./respond"

/**
 * `recorded_operation_id` names a payment already made on a chain (a till's, or one the
 * plugin charged itself): only the plugin's own workflows may put it in a payment session.
 * From a storefront it would let an old payment pay for a new cart.
 */
export function refuseInternalSessionData(req: MedusaRequest, res: MedusaResponse, next: MedusaNextFunction) {
  const data = (req.body as { data?: Record<string, unknown> } | undefined)?.data
  if (data && data.recorded_operation_id !== undefined) {
    return sendError(res, new OmnichannelError("INVALID_DATA", "data.recorded_operation_id: set by the plugin only, never by a storefront", "data.recorded_operation_id"))
  }
  next()
}
