import { detectBrand, normalizePan } from "./card-details"

/** Field names that only ever carry card data. */
const CARD_FIELDS = /^(card_?number|pan|cvc|cvv2?|security_?code|track_?[12]?_?data)$/i
/** `number` or `track` is card data under a card-like parent (`card.number`, `payment_card.track`). */
const CARD_PARENT = /card/i
const CARD_CHILD = /^(number|track_?[12]?)$/i
/**
 * Runs of digits written like a card number inside any text: 12 to 19 digits, maybe grouped,
 * standing on their own. Digits inside a longer word (a platform's hex id such as a hosted
 * tokenization id, "04c30280d49945920545513e2d68fd90") are not a card number written down.
 */
const DIGIT_RUN = /(?<![0-9A-Za-z])\d(?:[ -]?\d){11,18}(?![0-9A-Za-z])/g
/** Deeper than any body a storefront sends: refused rather than left unread. */
const MAX_DEPTH = 12

/**
 * Where in a request body card data sits, as a field path, or null. A value counts when
 * text in it is written like a card number (digits, maybe grouped by spaces or dashes),
 * passes the Luhn check and starts like a card brand: CRM tokens fail Luhn by design and
 * phone numbers do not start like a brand, so neither is taken for a card.
 */
export function findCardData(value: unknown, path = "body", depth = 0, parent = ""): string | null {
  if (value === null || value === undefined) return null
  if (depth > MAX_DEPTH) return path
  if (typeof value === "string" || typeof value === "number") {
    return containsCardNumber(String(value)) ? path : null
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findCardData(value[i], `${path}[${i}]`, depth + 1, parent)
      if (found) return found
    }
    return null
  }
  if (typeof value === "object") {
    for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
      const field = path === "body" ? key : `${path}.${key}`
      const named = CARD_FIELDS.test(key) || (CARD_CHILD.test(key) && CARD_PARENT.test(parent))
      if (named && inner !== null && inner !== undefined && inner !== "") return field
      if (/phone/i.test(key)) continue
      const found = findCardData(inner, field, depth + 1, key)
      if (found) return found
    }
  }
  return null
}

function containsCardNumber(text: string): boolean {
  for (const run of text.match(DIGIT_RUN) ?? []) {
    const pan = normalizePan(run)
    if (pan && detectBrand(pan) !== "unknown") return true
  }
  return false
}
