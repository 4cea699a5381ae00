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

/** Extra headers on the store's notifications to a terminal's webhook_url. */
export const WEBHOOK_HEADERS = {
  delivery: "x-omni-delivery",
  event: "x-omni-event",
} as const

/** The headers of one notification: who it is for, which delivery, and the signature over the exact body sent. */
export function storeWebhookHeaders(
  secret: string,
  message: { terminal_id: string; delivery_id: string; event_type: string },
  rawBody: string,
  timestamp = Math.floor(Date.now() / 1000)
): Record<string, string> {
  return {
    "content-type": "application/json",
    [POS_HEADERS.terminal]: message.terminal_id,
    [POS_HEADERS.timestamp]: String(timestamp),
    [POS_HEADERS.signature]: signPosPayload(secret, timestamp, rawBody),
    [WEBHOOK_HEADERS.delivery]: message.delivery_id,
    [WEBHOOK_HEADERS.event]: message.event_type,
  }
}

/**
 * For a POS receiving the store's notifications: true when the signature is the
 * terminal's and the timestamp is fresh. Dedupe on the `x-omni-delivery` header (or
 * the body's `id`): a notification may arrive more than once.
 */
export function verifyStoreWebhook(
  secret: string,
  headers: Record<string, string | string[] | undefined>,
  rawBody: string | Buffer,
  now = Date.now()
): boolean {
  const header = (name: string) => {
    const v = headers[name] ?? headers[name.toLowerCase()]
    return Array.isArray(v) ? v[0] : v
  }
  const timestamp = header(POS_HEADERS.timestamp) ?? ""
  if (!/^\d{1,12}$/.test(timestamp) || Math.abs(now / 1000 - Number(timestamp)) > POS_TIMESTAMP_TOLERANCE_SECONDS) {
    return false
  }
  return isValidPosSignature(secret, timestamp, rawBody, header(POS_HEADERS.signature))
}
