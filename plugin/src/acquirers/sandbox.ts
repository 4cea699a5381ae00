import { randomUUID } from "crypto"
import { normalizePan } from "../cards/card-details"
import { AcquirerError, type Acquirer, type AcquirerResult, type AuthorizeRequest, type MoneyRequest, type PayoutRequest } from "./types"

/** Test cards (documented in the README). Any other Luhn-valid number is approved. */
export const SANDBOX_CARDS = {
  approved: "4242424242424242",
  declined: "4000000000000002",
  insufficientFunds: "4000000000009995",
  acquirerError: "4000000000000119",
  /** Approved when presented; every later (subsequent) payment on it is declined. */
  declinesLater: "4000000000000341",
} as const

export type SandboxCharge = { idempotency_key: string; kind: string; amount: number; currency_code: string; reference: string }

type SandboxLedger = {
  results: Map<string, AcquirerResult>
  charges: SandboxCharge[]
  failedOnce: Set<string>
  declineLater: Set<string>
}

/**
 * One ledger per process, shared by every sandbox instance (the payment provider and the
 * workflows get their own instances), so tests can see exactly what the "acquirer" did.
 */
export function sandboxLedger(): SandboxLedger {
  const key = Symbol.for("medusa-plugin-omnichannel.sandbox-ledger")
  const g = globalThis as unknown as Record<symbol, SandboxLedger>
  return (g[key] ??= { results: new Map(), charges: [], failedOnce: new Set(), declineLater: new Set() })
}

/**
 * In-process acquirer with deterministic test cards and real idempotency. The
 * "acquirer error" card models the dangerous case: the first attempt goes through but
 * its answer is lost; a retry with the same key must get the first result, not a
 * second charge.
 */
export class SandboxAcquirer implements Acquirer {
  readonly name = "sandbox"
  private readonly ledger = sandboxLedger()

  async authorize(req: AuthorizeRequest): Promise<AcquirerResult> {
    const replay = this.ledger.results.get(req.idempotency_key)
    if (replay) return replay

    if (req.card) {
      const pan = normalizePan(req.card.number)
      if (!pan) {
        throw new AcquirerError("invalid", "INVALID_CARD", "card.number: not a valid card number")
      }
      const now = new Date()
      const expYear = req.card.exp_year < 100 ? 2000 + req.card.exp_year : req.card.exp_year
      if (expYear < now.getUTCFullYear() || (expYear === now.getUTCFullYear() && req.card.exp_month < now.getUTCMonth() + 1)) {
        throw new AcquirerError("declined", "EXPIRED_CARD", "card declined: expired card")
      }
      if (pan === SANDBOX_CARDS.declined) {
        throw new AcquirerError("declined", "DECLINED", "card declined by the issuer")
      }
      if (pan === SANDBOX_CARDS.insufficientFunds) {
        throw new AcquirerError("declined", "INSUFFICIENT_FUNDS", "card declined: insufficient funds")
      }
      if (pan === SANDBOX_CARDS.acquirerError && !this.ledger.failedOnce.has(req.idempotency_key)) {
        this.ledger.failedOnce.add(req.idempotency_key)
        this.record(req.idempotency_key, "authorize", req.amount, req.currency_code, req.mode === "SALE" ? "captured" : "authorized")
        throw new AcquirerError("retryable", "ACQUIRER_TIMEOUT", "acquirer did not answer in time")
      }
    } else if (!req.initial_reference) {
      throw new AcquirerError("invalid", "INVALID_DATA", "card: a card or the chain's first payment is required")
    } else if (this.ledger.declineLater.has(req.initial_reference)) {
      throw new AcquirerError("declined", "DECLINED", "card declined by the issuer")
    }
    const result = this.record(req.idempotency_key, "authorize", req.amount, req.currency_code, req.mode === "SALE" ? "captured" : "authorized")
    if (req.card && normalizePan(req.card.number) === SANDBOX_CARDS.declinesLater) {
      this.ledger.declineLater.add(result.reference)
    }
    return result
  }

  async capture(req: MoneyRequest) {
    return this.replayOr(req.idempotency_key, () => this.record(req.idempotency_key, "capture", req.amount, req.currency_code, "captured"))
  }

  async cancel(req: { reference: string; idempotency_key: string; amount?: number; currency_code: string }) {
    return this.replayOr(req.idempotency_key, () => this.record(req.idempotency_key, "cancel", req.amount ?? 0, req.currency_code, "cancelled"))
  }

  async refund(req: MoneyRequest) {
    return this.replayOr(req.idempotency_key, () => this.record(req.idempotency_key, "refund", req.amount, req.currency_code, "refunded"))
  }

  async payout(req: PayoutRequest) {
    return this.replayOr(req.idempotency_key, () => this.record(req.idempotency_key, "payout", req.amount, req.currency_code, "paid_out"))
  }

  private replayOr(key: string, run: () => AcquirerResult): AcquirerResult {
    return this.ledger.results.get(key) ?? run()
  }

  private record(key: string, kind: string, amount: number, currency_code: string, status: AcquirerResult["status"]): AcquirerResult {
    const existing = this.ledger.results.get(key)
    if (existing) return existing
    const result: AcquirerResult = { reference: `SBX-${randomUUID()}`, status }
    this.ledger.results.set(key, result)
    this.ledger.charges.push({ idempotency_key: key, kind, amount, currency_code, reference: result.reference })
    return result
  }
}
