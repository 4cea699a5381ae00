import type { MedusaNextFunction, MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { depositCard } from "../../cards/card-vault"

type SessionBody = { provider_id?: string; data?: Record<string, unknown> }

/**
 * Before Medusa stores a payment session's data (it does so before calling the
 * provider), take the card out of it and leave a one-time vault reference instead.
 */
export function vaultCardMiddleware(req: MedusaRequest, _res: MedusaResponse, next: MedusaNextFunction) {
  for (const body of [req.body, (req as { validatedBody?: unknown }).validatedBody] as SessionBody[]) {
    const card = body?.data?.card as { number?: unknown } | undefined
    if (body?.provider_id?.startsWith("pp_omnichannel_") && card && typeof card.number === "string") {
      body.data = { ...body.data, card: null, card_ref: depositCard(card as never) }
    }
  }
  next()
}
