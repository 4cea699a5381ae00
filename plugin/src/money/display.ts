import BigNumberJS from "bignumber.js"
import { CURRENCY_EXPONENTS } from "./currencies"

/**
 * Minor units for people: shown and typed in major units. Free of server code, so the
 * admin extensions use the same exponents as the ledger.
 */
const exponent = (currency: string) => CURRENCY_EXPONENTS[currency.toUpperCase()] ?? 2

/** Human display, e.g. formatMinor(1999, "EUR") -> "19.99 EUR". */
export function formatMinor(minor: number, currency: string): string {
  const exp = exponent(currency)
  return `${new BigNumberJS(minor).shiftedBy(-exp).toFixed(exp)} ${currency.toUpperCase()}`
}

/** What an admin typed ("12.5") as minor units (1250 for EUR), or null when it is not a valid amount of the currency. */
export function parseMajorInput(text: string, currency: string): number | null {
  const value = new BigNumberJS(text.trim().replace(",", "."))
  if (!value.isFinite() || value.lte(0)) return null
  const minor = value.shiftedBy(exponent(currency))
  return minor.isInteger() ? minor.toNumber() : null
}
