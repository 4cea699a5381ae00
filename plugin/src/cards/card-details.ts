import { isLuhnValid } from "./luhn"

/** What we may keep about a card: never the PAN, only these. */
export type CardDetails = { brand: string; bin: string; last4: string; pan_length: number }

export function detectBrand(pan: string): string {
  if (/^4/.test(pan)) return "visa"
  if (/^(5[1-5]|2[2-7])/.test(pan)) return "mastercard"
  if (/^3[47]/.test(pan)) return "amex"
  if (/^(6011|65|64[4-9])/.test(pan)) return "discover"
  if (/^35/.test(pan)) return "jcb"
  if (/^3(0[0-5]|[68])/.test(pan)) return "diners"
  if (/^(5018|5020|5038|6304|6759|676[1-3])/.test(pan)) return "maestro"
  return "unknown"
}

export function normalizePan(pan: string): string | null {
  const digits = typeof pan === "string" ? pan.replace(/[\s-]/g, "") : ""
  return /^\d{12,19}$/.test(digits) && isLuhnValid(digits) ? digits : null
}

export function describeCard(pan: string): CardDetails {
  return { brand: detectBrand(pan), bin: pan.slice(0, 6), last4: pan.slice(-4), pan_length: pan.length }
}
