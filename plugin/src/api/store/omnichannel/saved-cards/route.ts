import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { keptCards, savedCardView } from "../../../../cards/kept-cards"

/** The logged-in customer's kept cards, to pay with one (session data `{ saved_card: crm_token }`). */
export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const cards = await keptCards(req.scope, req.auth_context.actor_id)
  res.json({ saved_cards: cards.map(savedCardView) })
}
