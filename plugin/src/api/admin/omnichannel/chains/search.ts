import { isCrmToken } from "../../../../cards/crm-token"
import { PLATFORM_PAYMENT_ID } from "../../../../cards/payment-id"

/**
 * What the admin's search box was given, told by its shape:
 * - 19 digits: a payment id (and, when it fails the Luhn check, also a 19-digit CRM token);
 * - 12 to 18 digits failing the Luhn check: a CRM token;
 * - a 6-digit BIN, a mask of 2 to 9 `*` or `x`, the last 4: a card (`497403****8108`).
 * Spaces are dropped (receipts group digits). 8-digit BINs are refused: cards are kept by
 * their first 6 digits only, so digits 7 and 8 could not be honoured.
 */
export type ChainSearch =
  | { kind: "payment_id"; payment_id: string; crm_token: string | null }
  | { kind: "crm_token"; crm_token: string }
  | { kind: "card"; bin: string; last4: string }

export const CHAIN_SEARCH_HINT = "a 19-digit payment id, a CRM token, or BIN + last 4 as 123456****1234"

/** The search, or the message (naming `q`) that says why it is none. Never echoes the value: it might be a card number. */
export function parseChainSearch(raw: string): ChainSearch | { error: string } {
  const q = raw.replace(/\s+/g, "")
  if (PLATFORM_PAYMENT_ID.test(q)) return { kind: "payment_id", payment_id: q, crm_token: isCrmToken(q) ? q : null }
  if (/^\d{12,19}$/.test(q)) {
    return isCrmToken(q) ? { kind: "crm_token", crm_token: q } : { error: "q: not a CRM token (12 to 19 digits that fail the Luhn check); a card number is never searched" }
  }
  const card = /^(\d{6,8})[*xX]{2,9}(\d{4})$/.exec(q)
  if (card) {
    return card[1].length === 6 ? { kind: "card", bin: card[1], last4: card[2] } : { error: "q: give the card's first 6 digits (BIN) then its last 4, as 123456****1234" }
  }
  return { error: `q: expected ${CHAIN_SEARCH_HINT}` }
}
