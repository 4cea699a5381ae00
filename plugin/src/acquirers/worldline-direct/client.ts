import { createHash } from "crypto"
import http from "http"
import https from "https"
import { init, type Client, type PaymentContext, type SdkResponse } from "onlinepayments-sdk-nodejs"
import { AcquirerError, type AcquirerKeys } from "../types"
import { errorFromResponse, errorFromTransport, type WorldlineErrorBody } from "./errors"
import type { WorldlineDirectSettings } from "./options"

/** The platform takes at most 40 ASCII characters; longer keys are hashed, the same way every time. */
export function idempotenceKey(key: string): string {
  return /^[\x21-\x7e]{1,40}$/.test(key) ? key : createHash("sha256").update(key).digest("base64url").slice(0, 40)
}

/** The official SDK's client for one merchant: it signs each request (v1HMAC). */
export function worldlineClient(settings: WorldlineDirectSettings): Client {
  const url = new URL(settings.endpoint)
  const secure = url.protocol === "https:"
  return init({
    host: url.hostname,
    scheme: secure ? "https" : "http",
    port: url.port ? Number(url.port) : secure ? 443 : 80,
    apiKeyId: settings.apiKeyId,
    secretApiKey: settings.secretApiKey,
    integrator: "medusa-plugin-omnichannel",
    enableLogging: false,
    // Idle sockets are closed instead of piling up behind a hung acquirer.
    connectionOptions: { agent: new (secure ? https.Agent : http.Agent)({ keepAlive: true, timeout: settings.timeoutMs * 2 }) },
  })
}

/**
 * One call with its idempotence key (`X-GCS-Idempotence-Key`) and time limit; any non-2xx,
 * transport failure or timeout becomes an AcquirerError.
 */
export async function sendToWorldline<T>(
  timeoutMs: number,
  keys: AcquirerKeys | null,
  call: (ctx?: PaymentContext) => Promise<SdkResponse<T, unknown>>
): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new AcquirerError("retryable", "ACQUIRER_TIMEOUT", `the acquirer did not answer within ${timeoutMs} ms`)),
      timeoutMs
    )
  })
  let response: SdkResponse<T, unknown>
  try {
    response = await Promise.race([call(keys ? { idempotence: { key: idempotenceKey(keys.idempotency_key) } } : undefined), timeout])
  } catch (err) {
    throw errorFromTransport(err)
  } finally {
    clearTimeout(timer)
  }
  if (!response.isSuccess) {
    throw errorFromResponse(response.status, response.body as WorldlineErrorBody)
  }
  return response.body
}
