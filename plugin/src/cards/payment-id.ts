import { randomInt } from "crypto"
import { luhnCheckDigit, isLuhnValid } from "./luhn"

/**
 * The 19-digit payment id shared by every channel: first digit 1-9, then 17 random
 * digits, then a Luhn check digit so a mistyped id at the till is caught.
 */
export function generatePaymentId(): string {
  let payload = String(randomInt(1, 10))
  for (let i = 0; i < 17; i++) {
    payload += String(randomInt(0, 10))
  }
  return payload + luhnCheckDigit(payload)
}

export function isValidPaymentId(value: unknown): value is string {
  return typeof value === "string" && /^[1-9]\d{18}$/.test(value) && isLuhnValid(value)
}
