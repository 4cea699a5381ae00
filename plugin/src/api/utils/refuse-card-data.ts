import type { MedusaNextFunction, MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { findCardData } from "../../cards/card-data-scan"
import { OmnichannelError } from "../../errors/omnichannel-error"
import { sendError } from "./respond"

/**
 * No card number reaches the store: a Store API body that carries one is refused before
 * any route (or Medusa, which stores payment session data before calling the provider)
 * sees it. The message names the field, never the value; nothing is logged.
 */
export function refuseCardData(req: MedusaRequest, res: MedusaResponse, next: MedusaNextFunction) {
  const field = findCardData(req.body)
  if (field) {
    return sendError(
      res,
      new OmnichannelError(
        "CARD_DATA_NOT_ACCEPTED",
        `${field}: card numbers are not accepted here; the card is entered in the payment platform's hosted card form`,
        field
      )
    )
  }
  next()
}
