import { createHmac, timingSafeEqual } from "crypto"
import type http from "http"
import { header } from "./answers"

export const WORLDLINE_TEST_CREDENTIALS = {
  merchantId: "omnichannel-test",
  apiKeyId: "test-api-key-id",
  secretApiKey: "test-secret-api-key-0123456789abcdef",
  webhookKeyId: "test-webhook-key-id",
  webhookSecret: "test-webhook-secret-0123456789abcdef",
}
export type WorldlineCredentials = typeof WORLDLINE_TEST_CREDENTIALS

/** Builds the v1HMAC string to sign, as Worldline documents it. */
export function v1HmacStringToSign(req: {
  method: string
  contentType?: string
  date: string
  gcsHeaders: Record<string, string>
  pathAndQuery: string
}): string {
  const gcs = Object.entries(req.gcsHeaders)
    .map(([name, value]) => [name.toLowerCase(), value.replace(/\r?\n[^\S\r\n]*/g, " ").trim()] as const)
    .filter(([name]) => name.startsWith("x-gcs-"))
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, value]) => `${name}:${value}\n`)
    .join("")
  return `${req.method.toUpperCase()}\n${req.contentType ?? ""}\n${req.date}\n${gcs}${req.pathAndQuery}\n`
}

export function v1HmacSignature(secret: string, stringToSign: string): string {
  return createHmac("sha256", secret).update(stringToSign).digest("base64")
}

/**
 * Checks a merchant's request as the platform does (independently of the SDK the plugin
 * uses): `GCS v1HMAC:<key id>:<signature>`, a Date within 15 minutes. Null when it is
 * good, else why it is refused.
 */
export function signatureProblem(req: http.IncomingMessage, credentials: WorldlineCredentials): string | null {
  const auth = header(req, "authorization") ?? ""
  const match = /^GCS v1HMAC:([^:]+):(.+)$/.exec(auth)
  if (!match) return "Authorization: not GCS v1HMAC"
  if (match[1] !== credentials.apiKeyId) return `Authorization: unknown API key ${match[1]}`
  const date = header(req, "date") ?? ""
  const at = Date.parse(date)
  if (!Number.isFinite(at) || Math.abs(Date.now() - at) > 15 * 60_000) return "Date: missing or more than 15 minutes off"
  const gcsHeaders: Record<string, string> = {}
  for (const [name, value] of Object.entries(req.headers)) {
    if (name.startsWith("x-gcs-") && typeof value === "string") gcsHeaders[name] = value
  }
  const expected = v1HmacSignature(
    credentials.secretApiKey,
    v1HmacStringToSign({
      method: req.method!,
      contentType: req.method === "GET" ? "" : header(req, "content-type") ?? "",
      date,
      gcsHeaders,
      pathAndQuery: req.url!,
    })
  )
  const given = Buffer.from(match[2])
  const wanted = Buffer.from(expected)
  return given.length === wanted.length && timingSafeEqual(given, wanted) ? null : "Authorization: signature does not match"
}

/** A webhook as Worldline posts it, signed with the webhook secret (or another one, to forge). */
export function signedWebhook(event: Record<string, unknown>, credentials: WorldlineCredentials, secret = credentials.webhookSecret) {
  const body = JSON.stringify({ apiVersion: "v1", created: new Date().toISOString(), merchantId: credentials.merchantId, ...event })
  return {
    body,
    headers: {
      "content-type": "application/json",
      "x-gcs-signature": createHmac("sha256", secret).update(body).digest("base64"),
      "x-gcs-keyid": credentials.webhookKeyId,
    },
  }
}
