import { CURRENCY_EXPONENTS } from "./currencies.js"

/**
 * An amount in minor units (what the plugin's routes answer) for the shopper, with the
 * currency's ISO 4217 exponent: formatAmount(2000, "EUR") -> "€20.00", (2000, "JPY") -> "¥2,000".
 */
export function formatAmount(minor: number, currency: string, locale?: string): string {
  const code = currency.toUpperCase()
  const exponent = CURRENCY_EXPONENTS[code] ?? 2
  return new Intl.NumberFormat(locale, { style: "currency", currency: code, minimumFractionDigits: exponent, maximumFractionDigits: exponent }).format(
    minor / 10 ** exponent
  )
}
