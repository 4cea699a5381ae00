import { AcquirerError } from "../types"

/** Worldline's error body: `errors[]`, plus a `*Result` when the operation itself was refused. */
export type WorldlineErrorBody = {
  errorId?: string | null
  errors?: { id?: string | null; errorCode?: string | null; message?: string | null; propertyName?: string | null; retriable?: boolean | null }[] | null
  paymentResult?: unknown
  refundResult?: unknown
  payoutResult?: unknown
} | null

/**
 * One answer, one kind: a `*Result` (or 402) is the issuer's no; 409 `1409` and 5xx are
 * "not finished, send the same key again"; 401/403 are our credentials; the rest is a
 * request the platform will never accept.
 */
export function errorFromResponse(status: number, body: WorldlineErrorBody): AcquirerError {
  const first = body?.errors?.[0]
  const id = first?.id ?? first?.errorCode ?? `HTTP_${status}`
  const detail = `${first?.message ?? `HTTP ${status}`} (Worldline ${id}${body?.errorId ? `, errorId ${body.errorId}` : ""})`

  if (status === 409 && first?.errorCode === "1409") {
    return new AcquirerError("retryable", "IDEMPOTENCE_IN_PROGRESS", `the first request with this key is still running: ${detail}`)
  }
  if (first?.id === "REFUND_ORDER_LOCKED") {
    return new AcquirerError("invalid", "REFUND_ORDER_LOCKED", `the acquirer refused a second refund: ${detail}`)
  }
  if (body?.paymentResult || body?.refundResult || body?.payoutResult || status === 402) {
    return new AcquirerError("declined", "DECLINED", `card declined: ${detail}`)
  }
  if (status >= 500 || status === 429 || first?.retriable) {
    return new AcquirerError("retryable", "ACQUIRER_ERROR", `the acquirer failed: ${detail}`)
  }
  if (status === 401 || status === 403) {
    return new AcquirerError("invalid", "ACQUIRER_CONFIGURATION", `the acquirer refused the plugin's API key: ${detail}`)
  }
  const field = first?.propertyName ?? ""
  const reason = /card/i.test(field) ? "INVALID_CARD" : "INVALID_DATA"
  return new AcquirerError("invalid", reason, `${field ? `${field}: ` : ""}${detail}`)
}

/** No answer (timeout, connection refused or reset): the call may or may not have happened. */
export function errorFromTransport(err: unknown): AcquirerError {
  if (err instanceof AcquirerError) return err
  const e = err as { code?: string; message?: string }
  if (typeof e?.code === "string") {
    return new AcquirerError("retryable", "ACQUIRER_UNREACHABLE", `the acquirer could not be reached (${e.code})`)
  }
  // The SDK checks bodies against its schemas before sending: our request was wrong.
  return new AcquirerError("invalid", "INVALID_DATA", `the acquirer's SDK refused the request: ${e?.message ?? String(err)}`)
}
