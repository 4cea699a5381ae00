/** A customer kept a card online (its card token is linked to them): `{ customer_id, card_token_id }`. */
export const CARD_KEPT = "omnichannel.card.kept"
