import type { MedusaErrorHandlerFunction } from "@medusajs/framework/http"
import { OmnichannelError } from "../../errors/omnichannel-error"
import { sendError } from "./respond"

/**
 * A card our provider declined during one of Medusa's own Store API routes (a payment
 * session created with the hosted form's token) reaches Medusa's error handler, which
 * answers every payment authorization error 422. The contract says 402 `PAYMENT_DECLINED`
 * (as our own routes answer it); every other error goes on to Medusa's handler unchanged.
 * Medusa keeps one error handler per app: a store that sets its own replaces this one.
 */
export function declinedCardAs402(medusaHandler: MedusaErrorHandlerFunction): MedusaErrorHandlerFunction {
  return (err, req, res, next) => {
    if (OmnichannelError.is(err, "PAYMENT_DECLINED")) {
      // A workflow may hand back a copy of the provider's error: rebuild it from its code.
      sendError(res, err instanceof OmnichannelError ? err : new OmnichannelError("PAYMENT_DECLINED", (err as { message: string }).message))
      return
    }
    return medusaHandler(err, req, res, next)
  }
}
