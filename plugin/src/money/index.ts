import BigNumberJS from "bignumber.js"
import { OmnichannelError } from "../errors/omnichannel-error"
import { CURRENCY_EXPONENTS } from "./currencies"

/**
 * Money inside the plugin is an integer count of minor units plus an uppercase ISO 4217
 * code. Medusa speaks decimal major units; this file is the only place that converts.
 */

/** Largest amount we accept: fits PostgreSQL `integer`, far above any single card payment. */
export const MAX_MINOR_AMOUNT = 2_147_483_647

export function normalizeCurrency(code: string, field = "currency_code"): string {
  const upper = typeof code === "string" ? code.trim().toUpperCase() : ""
  if (!(upper in CURRENCY_EXPONENTS)) {
    throw new OmnichannelError(
      "UNKNOWN_CURRENCY",
      `${field}: unknown ISO 4217 currency "${code}"`,
      field
    )
  }
  return upper
}

export function exponentOf(code: string): number {
  return CURRENCY_EXPONENTS[normalizeCurrency(code)]
}

/** Throws unless `amount` is a positive whole number of minor units we can store. */
export function assertMinorAmount(amount: unknown, field = "amount"): asserts amount is number {
  if (!Number.isSafeInteger(amount) || (amount as number) <= 0 || (amount as number) > MAX_MINOR_AMOUNT) {
    throw new OmnichannelError(
      "INVALID_AMOUNT",
      `${field}: must be a positive integer number of minor units up to ${MAX_MINOR_AMOUNT}, got ${JSON.stringify(amount)}`,
      field
    )
  }
}

type DecimalLike = number | string | { toString(): string } | { numeric?: number; raw?: { value: string } }

function toBigNumber(value: DecimalLike): BigNumberJS {
  // Medusa's BigNumber serialises as { value } in `raw_*` fields and exposes `.numeric`.
  const raw = (value as { raw?: { value?: string } })?.raw?.value
  const v = raw ?? (value as { value?: string })?.value ?? value
  return new BigNumberJS(typeof v === "number" ? v : String(v))
}

/** Medusa decimal (major units) -> integer minor units. Refuses values finer than the currency allows. */
export function toMinor(decimal: DecimalLike, currency: string): number {
  const exp = exponentOf(currency)
  const shifted = toBigNumber(decimal).shiftedBy(exp)
  if (!shifted.isFinite() || !shifted.isInteger()) {
    throw new OmnichannelError(
      "INVALID_AMOUNT",
      `amount: ${String(decimal)} ${currency.toUpperCase()} is not a whole number of minor units`,
      "amount"
    )
  }
  return shifted.toNumber()
}

/**
 * A total Medusa computed (taxes on tax-exclusive prices are not rounded there) in integer
 * minor units, rounded half up: for figures read, never for amounts taken from a request.
 */
export function toMinorRounded(decimal: DecimalLike, currency: string): number {
  return toBigNumber(decimal).shiftedBy(exponentOf(currency)).integerValue(BigNumberJS.ROUND_HALF_UP).toNumber()
}

/** Integer minor units -> Medusa decimal (major units), e.g. 1500 EUR -> 15, 1500 JPY -> 1500. */
export function toMajor(minor: number, currency: string): number {
  return new BigNumberJS(minor).shiftedBy(-exponentOf(currency)).toNumber()
}

/** Integer minor units -> decimal text with the currency's digits, for files: 1500 EUR -> "15.00", 1500 JPY -> "1500". */
export function toDecimalString(minor: number, currency: string): string {
  const exp = exponentOf(currency)
  // Whole minor units: the decimal point moved in the digits, no arithmetic (an export writes millions).
  if (!Number.isSafeInteger(minor)) return new BigNumberJS(minor).shiftedBy(-exp).toFixed(exp)
  if (exp === 0) return String(minor)
  const digits = String(Math.abs(minor)).padStart(exp + 1, "0")
  return `${minor < 0 ? "-" : ""}${digits.slice(0, -exp)}.${digits.slice(-exp)}`
}

export { formatMinor, parseMajorInput } from "./display"
