import { createHmac } from "crypto"
import type { Context, DAL } from "@medusajs/framework/types"
import { generateCrmToken } from "../../../cards/crm-token"
import type { TokenizedCard } from "../../../acquirers/types"
import { OmnichannelError } from "../../../errors/omnichannel-error"
import { OFFLINE_TOKEN_PATTERN } from "../../../pos-client/offline-token"
import type { CardTokenDTO, TerminalCard } from "../dto"
import { OPTIONS_KEY, type OmnichannelModuleOptions } from "../options"
import type { ModelService } from "../utils/model-service"
import CardToken from "../models/card-token"
import { CREATE_ATTEMPTS, isUniqueViolation } from "../utils/unique-violation"

/** Card tokens: one CRM token per card, the same online and at the till. No card number is kept. */
export class CardTokens {
  protected readonly baseRepository_: DAL.RepositoryService
  private readonly tokens_: ModelService<typeof CardToken>
  private readonly tokenKey_?: string

  constructor(cradle: Record<string, any>) {
    this.baseRepository_ = cradle.baseRepository
    this.tokens_ = cradle.omnichannelCardTokenService
    this.tokenKey_ = (cradle[OPTIONS_KEY] as OmnichannelModuleOptions).tokenKey
  }

  /**
   * A card the platform tokenized in its hosted form: we never see the PAN. The platform's
   * fingerprint (its computed offline token) keys one CRM token per card; without one, no
   * CRM token (null). `keep`: the customer agreed to keep the card, so its platform token
   * is kept for saved-card payments.
   */
  async tokenizeHostedCard(card: TokenizedCard, keep: boolean, sharedContext: Context = {}) {
    if (!card.fingerprint) {
      return { card_token: null, offline_token: null }
    }
    const fingerprint = card.fingerprint.toUpperCase()
    let card_token = await this.upsert({ offline_token: fingerprint, ...card }, sharedContext, card.generated_token)
    if (keep && card.acquirer_token && card_token.acquirer_token !== card.acquirer_token) {
      card_token = await this.baseRepository_.serialize<CardTokenDTO>(await this.tokens_.update({ id: card_token.id, acquirer_token: card.acquirer_token }, sharedContext))
    }
    return { card_token, offline_token: OFFLINE_TOKEN_PATTERN.test(fingerprint) ? fingerprint : null }
  }

  /**
   * Card seen at a till; we never see the PAN. The card is known by the offline token the
   * terminal computed or, without one, by its payment account reference (PAR), keyed so the
   * fingerprint differs from any offline token. Neither: no CRM token (null).
   */
  async tokenizeTerminalCard(card: TerminalCard, sharedContext: Context = {}) {
    let fingerprint: string
    if (card.offline_token !== undefined) {
      fingerprint = String(card.offline_token).toUpperCase()
      if (!OFFLINE_TOKEN_PATTERN.test(fingerprint)) {
        throw new OmnichannelError("INVALID_CARD", "card.offline_token: expected 64 hex characters", "card.offline_token")
      }
    } else if (card.par && this.tokenKey_) {
      fingerprint = createHmac("sha256", this.tokenKey_).update(`par:${card.par.toUpperCase()}`, "utf8").digest("hex").toUpperCase()
    } else {
      return { card_token: null, offline_token: null }
    }
    const card_token = await this.upsert(
      {
        offline_token: fingerprint,
        brand: card.brand ?? "unknown",
        bin: card.bin,
        last4: card.last4,
        // Tills report BIN and last 4 only; most cards have 16 digits.
        pan_length: card.pan_length ?? 16,
      },
      sharedContext
    )
    return { card_token, offline_token: card.offline_token === undefined ? null : fingerprint }
  }

  /**
   * `tokenizeTerminalCard` for many cards (a till's batch of sales): one read of the cards
   * already known, one insert of the new ones. Per card, in input order, its token, or null
   * for a card that cannot have one (no usable offline token or PAR): a sale is never
   * refused for it.
   */
  async tokenizeTerminalCards(cards: TerminalCard[], sharedContext: Context = {}): Promise<(CardTokenDTO | null)[]> {
    const fingerprints = cards.map((card) => this.terminalCardFingerprint(card))
    const wanted = [...new Set(fingerprints.filter((f): f is string => !!f))]
    if (!wanted.length) return cards.map(() => null)
    const known = new Map(
      (await this.baseRepository_.serialize<CardTokenDTO[]>(await this.tokens_.list({ fingerprint: wanted }, {}, sharedContext))).map((t) => [t.fingerprint, t])
    )
    const fresh = new Map<string, TerminalCard>()
    fingerprints.forEach((f, i) => f && !known.has(f) && !fresh.has(f) && fresh.set(f, cards[i]))
    if (fresh.size) {
      try {
        const created = await this.baseRepository_.serialize<CardTokenDTO[]>(await this.tokens_.create(
          [...fresh].map(([fingerprint, card]) => ({
            token: generateCrmToken(card.bin, card.last4, card.pan_length ?? 16),
            fingerprint,
            brand: card.brand ?? "unknown",
            bin: card.bin,
            last4: card.last4,
            // Tills report BIN and last 4 only; most cards have 16 digits.
            pan_length: card.pan_length ?? 16,
          })),
          sharedContext
        ))
        for (const t of created) known.set(t.fingerprint, t)
      } catch (err) {
        if (!isUniqueViolation(err)) throw err
        // Tokenized elsewhere at the same moment: one at a time, keeping theirs.
        for (const [fingerprint, card] of fresh) {
          known.set(fingerprint, (await this.tokenizeTerminalCard({ ...card, offline_token: card.offline_token ?? fingerprint }, sharedContext)).card_token!)
        }
      }
    }
    return fingerprints.map((f) => (f ? known.get(f) ?? null : null))
  }

  /**
   * The fingerprint a till's card is known by (its card token's), as the tokenization
   * computes it, without reading or writing anything; null for a card without a usable
   * offline token or PAR.
   */
  terminalCardFingerprint(card: TerminalCard): string | null {
    if (card.offline_token !== undefined) {
      const fingerprint = String(card.offline_token).toUpperCase()
      return OFFLINE_TOKEN_PATTERN.test(fingerprint) ? fingerprint : null
    }
    if (card.par && this.tokenKey_) return createHmac("sha256", this.tokenKey_).update(`par:${card.par.toUpperCase()}`, "utf8").digest("hex").toUpperCase()
    return null
  }

  /** `platformToken`: the CRM token the platform generated itself, used as ours when it gives one. */
  private async upsert(
    card: { offline_token: string; brand: string; bin: string; last4: string; pan_length: number },
    sharedContext: Context,
    platformToken: string | null = null
  ): Promise<CardTokenDTO> {
    for (let attempt = 0; attempt < CREATE_ATTEMPTS; attempt++) {
      const [existing] = await this.baseRepository_.serialize<CardTokenDTO[]>(await this.tokens_.list({ fingerprint: card.offline_token }, {}, sharedContext))
      if (existing) {
        return existing
      }
      try {
        return await this.baseRepository_.serialize<CardTokenDTO>(await this.tokens_.create(
          {
            token: platformToken ?? generateCrmToken(card.bin, card.last4, card.pan_length),
            fingerprint: card.offline_token,
            brand: card.brand,
            bin: card.bin,
            last4: card.last4,
            pan_length: card.pan_length,
          },
          sharedContext
        ))
      } catch (err) {
        // Same card tokenized at the same moment elsewhere, or (1 in 10^6+) a token clash: look again.
        if (!isUniqueViolation(err)) {
          throw err
        }
      }
    }
    throw new Error("could not create a card token")
  }
}
