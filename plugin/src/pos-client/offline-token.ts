import { createHmac } from "crypto"

/**
 * The offline token a terminal computes itself, with no connection to the store:
 * uppercase hex of HMAC-SHA256(tokenKey, PAN digits). 64 characters.
 * Spaces and dashes in the PAN are ignored; anything else is refused.
 */
export function computeOfflineToken(tokenKey: string | Buffer, pan: string): string {
  const digits = pan.replace(/[\s-]/g, "")
  if (!/^\d{12,19}$/.test(digits)) {
    throw new Error("pan: expected 12 to 19 digits")
  }
  return createHmac("sha256", tokenKey).update(digits, "utf8").digest("hex").toUpperCase()
}

export const OFFLINE_TOKEN_PATTERN = /^[0-9A-F]{64}$/
