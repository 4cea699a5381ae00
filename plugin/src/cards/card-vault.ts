import { randomBytes } from "crypto"
import type { CardInput } from "../acquirers/types"

/**
 * Medusa writes a payment session's `data` to the database before it calls the provider.
 * So the card never reaches Medusa: a middleware swaps it for a one-time reference to this
 * in-memory vault, and the provider takes it back out for the single acquirer call.
 * Nothing here is ever written anywhere; entries expire after a few minutes.
 */
const TTL_MS = 5 * 60_000

type Entry = { card: CardInput; expires: number }

function vault(): Map<string, Entry> {
  const key = Symbol.for("medusa-plugin-omnichannel.card-vault")
  const g = globalThis as unknown as Record<symbol, Map<string, Entry>>
  return (g[key] ??= new Map())
}

export function depositCard(card: CardInput): string {
  const now = Date.now()
  const entries = vault()
  for (const [ref, entry] of entries) {
    if (entry.expires < now) entries.delete(ref)
  }
  const ref = `cardref_${randomBytes(24).toString("hex")}`
  entries.set(ref, { card, expires: now + TTL_MS })
  return ref
}

/** Returns the card once; a second call, or a call after expiry, gets null. */
export function withdrawCard(ref: unknown): CardInput | null {
  if (typeof ref !== "string") return null
  const entries = vault()
  const entry = entries.get(ref)
  entries.delete(ref)
  return entry && entry.expires >= Date.now() ? entry.card : null
}
