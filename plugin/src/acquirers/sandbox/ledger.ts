import type { AcquirerResult } from "../types"

/** Test cards (documented in the README). Any other Luhn-valid number is approved. */
export const SANDBOX_CARDS = {
  approved: "4242424242424242",
  declined: "4000000000000002",
  insufficientFunds: "4000000000009995",
  acquirerError: "4000000000000119",
  /** Approved when presented; every later (subsequent) payment on it is declined. */
  declinesLater: "4000000000000341",
  /** 3-D Secure challenge: passes when the customer authenticates on the challenge page. */
  challenge: "4000000000003220",
  /** 3-D Secure challenge that fails whatever the customer does. */
  challengeFails: "4000000000003238",
} as const

export type Outcome = "approved" | "declined" | "insufficientFunds" | "acquirerError" | "declinesLater" | "challenge" | "challengeFails"

/** Where the sandbox's own pages live, relative to the store's backend (api/omnichannel/sandbox). */
export const SANDBOX_PAGES = {
  hostedCard: (formId: string) => `/omnichannel/sandbox/hosted-card/${formId}`,
  challenge: (reference: string) => `/omnichannel/sandbox/3ds/${reference}`,
}

/**
 * One movement the sandbox made. `reference` is the movement's own; `payment_reference` the
 * payment a capture, cancel or refund was against; `mode` an authorization's (a SALE is taken at once).
 */
export type SandboxCharge = {
  idempotency_key: string
  kind: string
  amount: number
  currency_code: string
  reference: string
  payment_reference?: string
  mode?: string
}

export type Challenge = { key: string; amount: number; currency_code: string; mode: string; fails: boolean; state: "waiting" | "passed" | "failed"; return_url?: string }

export type SandboxLedger = {
  results: Map<string, AcquirerResult>
  charges: SandboxCharge[]
  failedOnce: Set<string>
  declineLater: Set<string>
  challenges: Map<string, Challenge>
}

/**
 * One ledger per process, shared by every sandbox instance (each load of the module makes
 * its own), so tests can see exactly what the "acquirer" did.
 * Challenges in progress live here too: a 3-D Secure round trip stays on one instance.
 */
export function sandboxLedger(): SandboxLedger {
  const key = Symbol.for("medusa-plugin-omnichannel.sandbox-ledger")
  const g = globalThis as unknown as Record<symbol, SandboxLedger>
  const ledger = (g[key] ??= { results: new Map(), charges: [], failedOnce: new Set(), declineLater: new Set(), challenges: new Map() })
  ledger.challenges ??= new Map()
  return ledger
}
