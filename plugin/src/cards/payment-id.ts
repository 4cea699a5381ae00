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

/**
 * `checkDigit`: ids the plugin made carry a Luhn check digit; a platform that issues its
 * own 19-digit ids (Worldline) makes no such promise, so with it only the shape is checked.
 */
export function isValidPaymentId(value: unknown, checkDigit = true): value is string {
  return typeof value === "string" && PLATFORM_PAYMENT_ID.test(value) && (!checkDigit || isLuhnValid(value))
}

/** The shape of a 19-digit payment id, the platform's own or ours. */
export const PLATFORM_PAYMENT_ID = /^[1-9]\d{18}$/
