import { createHmac, timingSafeEqual } from "crypto"

/** Headers every /pos/* request carries. */
export const POS_HEADERS = {
  terminal: "x-omni-terminal",
  timestamp: "x-omni-timestamp",
  signature: "x-omni-signature",
} as const

/** How far a request's timestamp may be from the store's clock, in seconds. */
export const POS_TIMESTAMP_TOLERANCE_SECONDS = 300

/** `v1=<hex HMAC-SHA256(secret, "<timestamp>.<raw body>")>`: the same scheme both ways (POS to store, store to POS). */
export function signPosPayload(secret: string, timestamp: number | string, rawBody: string | Buffer): string {
  const mac = createHmac("sha256", secret)
  mac.update(`${timestamp}.`)
  mac.update(rawBody)
  return `v1=${mac.digest("hex")}`
}

/** Constant-time comparison of a presented signature with the expected one. */
export function isValidPosSignature(
  secret: string,
  timestamp: number | string,
  rawBody: string | Buffer,
  presented: string | undefined
): boolean {
  if (!presented) return false
  const expected = Buffer.from(signPosPayload(secret, timestamp, rawBody))
  const given = Buffer.from(presented)
  return given.length === expected.length && timingSafeEqual(given, expected)
}
