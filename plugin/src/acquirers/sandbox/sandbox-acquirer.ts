import { randomUUID } from "crypto"
import { describeCard, normalizePan } from "../../cards/card-details"
import { formatMinor } from "../../money/display"
import { computeOfflineToken } from "../../pos-client/offline-token"
import {
  AcquirerError,
  type AcquirerPaymentRecord,
  type AcquirerResult,
  type AuthorizeRequest,
  type HostedCardForm,
  type MoneyRequest,
  type PayoutRequest,
  type TokenizedCard,
} from "../types"
import { AbstractAcquirerProvider } from "../provider"
import { SANDBOX_CARDS, SANDBOX_PAGES, sandboxLedger, type Outcome, type SandboxCharge } from "./ledger"
import { Sealer } from "./sealed"

/** What the sandbox's hosted form seals into a card token: never the number. */
type SealedCard = { brand: string; bin: string; last4: string; len: number; fp: string | null; out: Outcome; exp: string }

const FORM_TTL_MS = 30 * 60_000

export type SandboxAcquirerOptions = { tokenKey?: string }

function outcomeOf(pan: string): Outcome {
  const named = Object.entries(SANDBOX_CARDS).find(([, number]) => number === pan)
  return (named?.[0] as Outcome | undefined) ?? "approved"
}

/**
 * In-process acquirer with deterministic test cards and real idempotency. It also plays
 * the platform's hosted card form and 3-D Secure challenge (pages under
 * /omnichannel/sandbox), so the demo and the tests take the same path a real shop does:
 * the card is typed into the "platform's" page, the store only ever sees a token. The
 * "acquirer error" card models the dangerous case: the first attempt goes through but
 * its answer is lost; a retry with the same key must get the first result.
 */
export class SandboxAcquirer extends AbstractAcquirerProvider {
  static identifier = "sandbox"
  private readonly ledger = sandboxLedger()
  private readonly sealer: Sealer
  private readonly tokenKey?: string

  /** `tokenKey`: the merchant's key, which the platform also holds to compute offline tokens. */
  constructor(options: SandboxAcquirerOptions = {}) {
    super()
    this.tokenKey = options.tokenKey
    this.sealer = new Sealer(options.tokenKey)
  }

  async createHostedCardForm(): Promise<HostedCardForm> {
    const id = this.sealer.seal("sbxform", { until: Date.now() + FORM_TTL_MS })
    return { kind: "sandbox", id, url: SANDBOX_PAGES.hostedCard(id) }
  }

  /** The hosted form's submit (the platform's side): checks the card and gives back a token. */
  tokenizeCard(formId: string, card: { number: string; exp_month: number; exp_year: number }): string {
    const form = this.sealer.open<{ until: number }>("sbxform", formId)
    if (!form || form.until < Date.now()) {
      throw new AcquirerError("invalid", "FORM_EXPIRED", "form: this card form has expired; reload the page")
    }
    const pan = normalizePan(card.number)
    if (!pan) {
      throw new AcquirerError("invalid", "INVALID_CARD", "number: not a valid card number")
    }
    const expYear = card.exp_year < 100 ? 2000 + card.exp_year : card.exp_year
    const now = new Date()
    if (!(card.exp_month >= 1 && card.exp_month <= 12) || expYear < now.getUTCFullYear() || (expYear === now.getUTCFullYear() && card.exp_month < now.getUTCMonth() + 1)) {
      throw new AcquirerError("invalid", "INVALID_CARD", "expiry: the card has expired or the date is wrong")
    }
    const described = describeCard(pan)
    const sealed: SealedCard = {
      brand: described.brand,
      bin: described.bin,
      last4: described.last4,
      len: described.pan_length,
      fp: this.tokenKey ? computeOfflineToken(this.tokenKey, pan) : null,
      out: outcomeOf(pan),
      exp: `${String(card.exp_month).padStart(2, "0")}/${expYear}`,
    }
    return this.sealer.seal("sbxtok", sealed)
  }

  async describeHostedCard(hostedTokenizationId: string): Promise<TokenizedCard> {
    const card = this.openCard(hostedTokenizationId, "hosted_tokenization_id")
    return {
      brand: card.brand,
      bin: card.bin,
      last4: card.last4,
      pan_length: card.len,
      // The sealed token is also the card's token at the "platform": it charges the card again.
      acquirer_token: hostedTokenizationId,
      fingerprint: card.fp,
      generated_token: null,
    }
  }

  async authorize(req: AuthorizeRequest): Promise<AcquirerResult> {
    const replay = this.ledger.results.get(req.idempotency_key)
    if (replay) return replay

    const tokenized = req.hosted_tokenization_id ?? req.acquirer_token
    if (tokenized) {
      const card = this.openCard(tokenized, req.hosted_tokenization_id ? "hosted_tokenization_id" : "saved_card")
      switch (card.out) {
        case "declined":
          throw new AcquirerError("declined", "DECLINED", "card declined by the issuer")
        case "insufficientFunds":
          throw new AcquirerError("declined", "INSUFFICIENT_FUNDS", "card declined: insufficient funds")
        case "acquirerError":
          if (!this.ledger.failedOnce.has(req.idempotency_key)) {
            this.ledger.failedOnce.add(req.idempotency_key)
            this.record(req.idempotency_key, "authorize", req.amount, req.currency_code, req.mode === "SALE" ? "captured" : "authorized", { mode: req.mode })
            throw new AcquirerError("retryable", "ACQUIRER_TIMEOUT", "acquirer did not answer in time")
          }
          break
        case "challenge":
        case "challengeFails":
          return this.challenge(req, card.out === "challengeFails")
      }
      const result = this.record(req.idempotency_key, "authorize", req.amount, req.currency_code, req.mode === "SALE" ? "captured" : "authorized", { mode: req.mode })
      if (card.out === "declinesLater") this.ledger.declineLater.add(result.reference)
      return result
    }
    if (!req.initial_reference) {
      throw new AcquirerError("invalid", "INVALID_DATA", "card: a hosted card, a saved card or the chain's first payment is required")
    }
    if (this.ledger.declineLater.has(req.initial_reference)) {
      throw new AcquirerError("declined", "DECLINED", "card declined by the issuer")
    }
    return this.record(req.idempotency_key, "authorize", req.amount, req.currency_code, req.mode === "SALE" ? "captured" : "authorized", { mode: req.mode })
  }

  /** The issuer wants the customer: nothing is charged until the challenge is passed. */
  private challenge(req: AuthorizeRequest, fails: boolean): AcquirerResult {
    const reference = `SBX-${randomUUID()}`
    this.ledger.challenges.set(reference, {
      key: req.idempotency_key,
      amount: req.amount,
      currency_code: req.currency_code,
      mode: req.mode,
      fails,
      state: "waiting",
      return_url: req.return_url,
    })
    const result: AcquirerResult = { reference, status: "requires_action", redirect_url: SANDBOX_PAGES.challenge(reference) }
    this.ledger.results.set(req.idempotency_key, result)
    return result
  }

  /** A challenge still waiting for the customer, with its amount in words for the page. */
  challengeOf(reference: string): { amount_text: string } | null {
    const challenge = this.ledger.challenges.get(reference)
    return challenge?.state === "waiting" ? { amount_text: formatMinor(challenge.amount, challenge.currency_code) } : null
  }

  /** The challenge page's answer (the issuer's side). Returns where the customer goes back to. */
  completeChallenge(reference: string, authenticated: boolean): { return_url: string | null; passed: boolean } {
    const challenge = this.ledger.challenges.get(reference)
    if (!challenge) {
      throw new AcquirerError("invalid", "NOT_FOUND", `reference: no 3-D Secure challenge ${reference} waits here`)
    }
    if (challenge.state === "waiting") {
      challenge.state = authenticated && !challenge.fails ? "passed" : "failed"
      if (challenge.state === "passed") {
        const status = challenge.mode === "SALE" ? "captured" : "authorized"
        const result: AcquirerResult = { reference, status }
        this.ledger.results.set(challenge.key, result)
        this.ledger.charges.push({ idempotency_key: challenge.key, kind: "authorize", amount: challenge.amount, currency_code: challenge.currency_code, reference, mode: challenge.mode })
      }
    }
    const back = challenge.return_url && /^https?:$/.test(new URL(challenge.return_url).protocol) ? new URL(challenge.return_url) : null
    back?.searchParams.set("paymentId", reference)
    return { return_url: back?.toString() ?? null, passed: challenge.state === "passed" }
  }

  async getPayment(reference: string): Promise<AcquirerResult> {
    const challenge = this.ledger.challenges.get(reference)
    if (challenge?.state === "failed") {
      throw new AcquirerError("declined", "AUTHENTICATION_FAILED", "3-D Secure authentication failed: the card was not charged")
    }
    if (challenge?.state === "waiting") {
      return { reference, status: "requires_action", redirect_url: SANDBOX_PAGES.challenge(reference) }
    }
    const found = [...this.ledger.results.values()].find((r) => r.reference === reference)
    if (!found) {
      // Another instance's challenge, or one from before a restart: not settled either way.
      throw new AcquirerError("retryable", "ACQUIRER_STATUS_UNKNOWN", `the sandbox knows no payment ${reference} in this process`)
    }
    return found
  }

  /**
   * What this process's ledger holds of one payment: a SALE's amount and the captures taken
   * on it, the refunds sent against it. A payment it never saw (made before a restart, or
   * by a till) is one it cannot speak for: null, not "unknown".
   */
  async paymentRecord(reference: string): Promise<AcquirerPaymentRecord | null> {
    const payment = this.ledger.charges.find((c) => c.kind === "authorize" && c.reference === reference)
    if (!payment) return null
    const against = this.ledger.charges.filter((c) => c.payment_reference === reference)
    const sum = (kind: string) => against.filter((c) => c.kind === kind).reduce((total, c) => total + c.amount, 0)
    const captured = (payment.mode === "SALE" ? payment.amount : 0) + sum("capture")
    const refunded = sum("refund")
    const cancelled = against.some((c) => c.kind === "cancel")
    const status = refunded > 0 ? "refunded" : captured > 0 ? "captured" : cancelled ? "cancelled" : "authorized"
    return { reference, currency_code: payment.currency_code.toUpperCase(), status, captured, refunded }
  }

  async capture(req: MoneyRequest) {
    return this.replayOr(req.idempotency_key, () => this.record(req.idempotency_key, "capture", req.amount, req.currency_code, "captured", { payment_reference: req.reference }))
  }

  async cancel(req: { reference: string; idempotency_key: string; amount?: number; currency_code: string }) {
    // A payment cancelled while its challenge waits can no longer be authenticated.
    const challenge = this.ledger.challenges.get(req.reference)
    if (challenge?.state === "waiting") challenge.state = "failed"
    return this.replayOr(req.idempotency_key, () => this.record(req.idempotency_key, "cancel", req.amount ?? 0, req.currency_code, "cancelled", { payment_reference: req.reference }))
  }

  async refund(req: MoneyRequest) {
    return this.replayOr(req.idempotency_key, () => this.record(req.idempotency_key, "refund", req.amount, req.currency_code, "refunded", { payment_reference: req.reference }))
  }

  async payout(req: PayoutRequest) {
    return this.replayOr(req.idempotency_key, () => this.record(req.idempotency_key, "payout", req.amount, req.currency_code, "paid_out", { payment_reference: req.reference ?? req.payment_id }))
  }

  private openCard(token: string, field: string): SealedCard {
    const card = this.sealer.open<SealedCard>("sbxtok", token)
    if (!card) {
      throw new AcquirerError("invalid", "INVALID_DATA", `${field}: not a card token of this store's sandbox`)
    }
    return card
  }

  private replayOr(key: string, run: () => AcquirerResult): AcquirerResult {
    return this.ledger.results.get(key) ?? run()
  }

  private record(
    key: string,
    kind: string,
    amount: number,
    currency_code: string,
    status: AcquirerResult["status"],
    against: Pick<SandboxCharge, "payment_reference" | "mode"> = {}
  ): AcquirerResult {
    const existing = this.ledger.results.get(key)
    if (existing) return existing
    const result: AcquirerResult = { reference: `SBX-${randomUUID()}`, status }
    this.ledger.results.set(key, result)
    this.ledger.charges.push({ idempotency_key: key, kind, amount, currency_code, reference: result.reference, ...against })
    return result
  }
}
