import { detectBrand, normalizePan } from "./card-details"

/** Field names that only ever carry card data. */
const CARD_FIELDS = /^(number|card_?number|pan|cvc|cvv2?|security_?code|track_?[12]?)$/i

/**
 * Where in a request body a card number (or CVC) sits, as a field path, or null. A value
 * counts when it is written like a card number (digits, maybe grouped by spaces or
 * dashes), passes the Luhn check and starts like a card brand: CRM tokens fail Luhn by
 * design and phone numbers do not start like a brand, so neither is taken for a card.
 */
export function findCardData(value: unknown, path = "body", depth = 0): string | null {
  if (depth > 12 || value === null || value === undefined) return null
  if (typeof value === "string" || typeof value === "number") {
    const text = String(value)
    if (!/^[\d\s-]{12,25}$/.test(text)) return null
    const pan = normalizePan(text)
    return pan && detectBrand(pan) !== "unknown" ? path : null
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findCardData(value[i], `${path}[${i}]`, depth + 1)
      if (found) return found
    }
    return null
  }
  if (typeof value === "object") {
    for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
      const field = path === "body" ? key : `${path}.${key}`
      if (CARD_FIELDS.test(key) && inner !== null && inner !== undefined && inner !== "") return field
      if (/phone/i.test(key)) continue
      const found = findCardData(inner, field, depth + 1)
      if (found) return found
    }
  }
  return null
}
