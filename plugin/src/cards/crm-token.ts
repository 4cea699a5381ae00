import { randomInt } from "crypto"
import { isLuhnValid } from "./luhn"

/**
 * A CRM token looks like the card it stands for (same length, first 6 and last 4
 * digits kept) so receipts and support screens still work, but its middle is random
 * and the whole is made Luhn-invalid so it can never be mistaken for, or used as,
 * a card number.
 */
export function generateCrmToken(bin: string, last4: string, length: number): string {
  if (!/^\d{6}$/.test(bin) || !/^\d{4}$/.test(last4) || !Number.isInteger(length) || length < 12 || length > 19) {
    throw new Error("crm token: need a 6-digit BIN, 4-digit last4 and a length of 12-19")
  }
  const middleLength = length - 10
  for (;;) {
    let middle = ""
    for (let i = 0; i < middleLength; i++) {
      middle += String(randomInt(0, 10))
    }
    const token = bin + middle + last4
    if (!isLuhnValid(token)) {
      return token
    }
    // Valid by chance (1 in 10): change the last middle digit so the check fails.
    const head = bin + middle.slice(0, -1)
    const fixedDigit = (Number(middle.slice(-1)) + 1) % 10
    const fixed = head + fixedDigit + last4
    if (!isLuhnValid(fixed)) {
      return fixed
    }
  }
}


/**
 * Whether `value` has the shape of a CRM token: 12 to 19 digits that fail the Luhn check
 * (what generateCrmToken makes, and the platform's own tokens alike). A Luhn-valid string
 * could be a card number: it is never one of ours.
 */
export function isCrmToken(value: unknown): value is string {
  return typeof value === "string" && /^\d{12,19}$/.test(value) && !isLuhnValid(value)
}
