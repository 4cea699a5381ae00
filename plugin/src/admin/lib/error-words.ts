/**
 * Refusals in words an admin acts on, by action and HTTP status (the JS SDK's FetchError
 * keeps the status and the server's message, which names the field; it drops `code`).
 */
const WORDS: Record<string, Record<number, string>> = {
  refund: {
    409: "Another refund on this payment is in progress, or this reference was already refunded (maybe at a till). Reload and check the timeline before trying again.",
    422: "That is more than can still be refunded on this payment.",
  },
  payout: { 422: "A payout needs a reason." },
  "subsequent payment": {
    402: "The card was declined.",
    422: "The customer did not agree to keep their card, so it cannot be charged again.",
  },
  terminal: { 400: "Please check the form." },
}
const ANY: Record<number, string> = {
  401: "Your session has ended: log in again.",
  502: "The card processor did not answer. Nothing was charged twice: try again in a moment.",
}

export function errorInWords(action: string, err: unknown): string {
  const e = err as { status?: number; message?: string }
  const detail = e?.message || "Something went wrong."
  const words = (e?.status && (WORDS[action]?.[e.status] ?? ANY[e.status])) || null
  return words ? `${words} (${detail})` : `The ${action} did not go through: ${detail}`
}
