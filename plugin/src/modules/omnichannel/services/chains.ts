import { timingSafeEqual } from "crypto"
import type { Context, DAL } from "@medusajs/framework/types"
import { InjectManager, MedusaContext } from "@medusajs/framework/utils"
import type { Acquirer } from "../../../acquirers/types"
import { generatePaymentId, isValidPaymentId, PLATFORM_PAYMENT_ID } from "../../../cards/payment-id"
import { OmnichannelError } from "../../../errors/omnichannel-error"
import { normalizeCurrency } from "../../../money"
import type { ChainDTO, ChainView, OperationDTO } from "../dto"
import Chain from "../models/chain"
import Operation from "../models/operation"
import { ACQUIRER_PROVIDER_KEY } from "../options"
import type { Channel, ChainTotals } from "../types"
import type { ModelService } from "../utils/model-service"
import { computeTotals } from "../utils/totals"
import { CREATE_ATTEMPTS, isUniqueViolation } from "../utils/unique-violation"

/**
 * Payment chains: one per purchase, named by its 19-digit payment id across channels. Their
 * operations, and the rules on them, are the ChainLedger's (chain-ledger.ts).
 */
export class Chains {
  // Read by Medusa's @InjectManager.
  protected readonly baseRepository_: DAL.RepositoryService
  private readonly chains_: ModelService<typeof Chain>
  private readonly operations_: ModelService<typeof Operation>
  /** The acquirer issues the payment ids (Worldline): they carry no check digit of ours. */
  private readonly platformPaymentIds_: boolean

  constructor(cradle: Record<string, any>) {
    this.baseRepository_ = cradle.baseRepository
    this.chains_ = cradle.omnichannelChainService
    this.operations_ = cradle.omnichannelOperationService
    this.platformPaymentIds_ = !!(cradle[ACQUIRER_PROVIDER_KEY] as Acquirer | undefined)?.issuesPaymentIds
  }

  /**
   * Starts a chain with a unique 19-digit payment id: the platform's own when it issued one
   * (`payment_id`, e.g. the in-store payment's id at Worldline), a fresh one of ours otherwise
   * or when the platform's is already a chain's.
   */
  async openChain(
    input: {
      currency_code: string
      origin_channel: Channel
      card_token_id?: string | null
      cof_consent?: boolean
      metadata?: Record<string, unknown> | null
      payment_id?: string | null
    },
    sharedContext: Context = {}
  ): Promise<ChainDTO> {
    const currency_code = normalizeCurrency(input.currency_code)
    const platformId = input.payment_id && PLATFORM_PAYMENT_ID.test(input.payment_id) ? input.payment_id : null
    for (let attempt = 0; attempt < CREATE_ATTEMPTS; attempt++) {
      try {
        return await this.baseRepository_.serialize<ChainDTO>(await this.chains_.create(
          {
            payment_id: (attempt === 0 && platformId) || generatePaymentId(),
            currency_code,
            origin_channel: input.origin_channel,
            card_token_id: input.card_token_id ?? null,
            cof_consent: !!input.cof_consent,
            metadata: input.metadata ?? null,
          },
          sharedContext
        ))
      } catch (err) {
        if (!isUniqueViolation(err)) {
          throw err
        }
      }
    }
    throw new Error("could not allocate a unique payment id")
  }

  /**
   * `openChain` for many purchases at once (a till's batch of sales), under ids the caller
   * derives from each sale: those already there (a run cut short made them) are returned as
   * they are, the others made in one insert. In input order.
   */
  @InjectManager()
  async openChains(
    inputs: { id: string; currency_code: string; origin_channel: Channel; card_token_id?: string | null; cof_consent?: boolean; metadata?: Record<string, unknown> | null; payment_id?: string | null }[],
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ chains: ChainDTO[]; created: string[] }> {
    if (!inputs.length) return { chains: [], created: [] }
    const byId = new Map(
      (await this.baseRepository_.serialize<ChainDTO[]>(await this.chains_.list({ id: inputs.map((i) => i.id) }, {}, sharedContext))).map((c) => [c.id, c])
    )
    const missing = inputs.filter((i) => !byId.has(i.id))
    for (let attempt = 0; missing.length && attempt < CREATE_ATTEMPTS; attempt++) {
      try {
        const rows = missing.map((input) => {
          const platformId = input.payment_id && PLATFORM_PAYMENT_ID.test(input.payment_id) ? input.payment_id : null
          return {
            id: input.id,
            // After a clash, every chain of the call takes a fresh id of ours.
            payment_id: (attempt === 0 && platformId) || generatePaymentId(),
            currency_code: normalizeCurrency(input.currency_code),
            origin_channel: input.origin_channel,
            card_token_id: input.card_token_id ?? null,
            cof_consent: !!input.cof_consent,
            metadata: input.metadata ?? null,
          }
        })
        for (const chain of await this.baseRepository_.serialize<ChainDTO[]>(await this.chains_.create(rows, sharedContext))) byId.set(chain.id, chain)
        return { chains: inputs.map((i) => byId.get(i.id)!), created: missing.map((i) => i.id) }
      } catch (err) {
        if (!isUniqueViolation(err)) throw err
      }
    }
    if (missing.length) throw new Error("could not allocate unique payment ids")
    return { chains: inputs.map((i) => byId.get(i.id)!), created: [] }
  }

  /**
   * The chain's first payment was made at a platform that issues its own 19-digit payment
   * ids (Worldline): the chain takes that id, so the merchant's back office, the platform's
   * portal and our API name the purchase alike. Kept as it is when the id is already a
   * chain's (a retried first payment the platform answered with the same payment).
   */
  async adoptPaymentId(chainId: string, paymentId: string, sharedContext: Context = {}): Promise<ChainDTO> {
    if (!PLATFORM_PAYMENT_ID.test(paymentId)) {
      return await this.baseRepository_.serialize<ChainDTO>(await this.chains_.retrieve(chainId, {}, sharedContext))
    }
    try {
      return await this.baseRepository_.serialize<ChainDTO>(await this.chains_.update({ id: chainId, payment_id: paymentId }, sharedContext))
    } catch (err) {
      if (!isUniqueViolation(err)) throw err
      return await this.baseRepository_.serialize<ChainDTO>(await this.chains_.retrieve(chainId, {}, sharedContext))
    }
  }

  async retrieveChainByPaymentId(paymentId: string, sharedContext: Context = {}): Promise<ChainDTO> {
    if (!isValidPaymentId(paymentId, !this.platformPaymentIds_)) {
      throw new OmnichannelError(
        "INVALID_PAYMENT_ID",
        this.platformPaymentIds_ ? "payment_id: expected 19 digits" : "payment_id: expected 19 digits with a valid check digit",
        "payment_id"
      )
    }
    const [chain] = await this.baseRepository_.serialize<ChainDTO[]>(await this.chains_.list({ payment_id: paymentId }, { relations: ["card_token"] }, sharedContext))
    if (!chain) {
      throw new OmnichannelError("CHAIN_NOT_FOUND", `payment_id: no chain ${paymentId}`, "payment_id")
    }
    return chain
  }

  /** The chain as the admin API shows it: operations oldest first and totals. */
  @InjectManager()
  async viewChain(chainId: string, @MedusaContext() sharedContext: Context = {}): Promise<ChainView> {
    const chain = await this.baseRepository_.serialize<ChainDTO>(await this.chains_.retrieve(chainId, { relations: ["card_token"] }, sharedContext))
    const operations = await this.baseRepository_.serialize<OperationDTO[]>(await this.operations_.list(
      { chain_id: chainId },
      { order: { created_at: "ASC", id: "ASC" } },
      sharedContext
    ))
    return {
      id: chain.id,
      payment_id: chain.payment_id,
      currency_code: chain.currency_code,
      origin_channel: chain.origin_channel as Channel,
      cof_consent: chain.cof_consent,
      crm_token: chain.card_token?.token ?? null,
      card: chain.card_token
        ? { brand: chain.card_token.brand, bin: chain.card_token.bin, last4: chain.card_token.last4 }
        : null,
      operations,
      totals: computeTotals(operations),
      created_at: chain.created_at,
    }
  }

  @InjectManager()
  async getChainTotals(chainId: string, @MedusaContext() sharedContext: Context = {}): Promise<ChainTotals> {
    const operations = await this.baseRepository_.serialize<OperationDTO[]>(await this.operations_.list({ chain_id: chainId }, {}, sharedContext))
    return computeTotals(operations)
  }

  /**
   * Click & collect: the offline token the terminal computed from the card presented
   * must be the one of the card that paid online. Compared in constant time.
   */
  async verifyCollectCard(paymentId: string, offlineToken: string, terminalId: string, sharedContext: Context = {}) {
    const chain = await this.retrieveChainByPaymentId(paymentId, sharedContext)
    const expected = Buffer.from(chain.card_token?.fingerprint ?? "")
    const given = Buffer.from(String(offlineToken).toUpperCase())
    if (!expected.length || expected.length !== given.length || !timingSafeEqual(expected, given)) {
      throw new OmnichannelError("TOKEN_MISMATCH", "offline_token: not the card that paid for this order", "offline_token")
    }
    await this.chains_.update(
      { id: chain.id, metadata: { ...(chain.metadata ?? {}), collected_at: new Date().toISOString(), collected_at_terminal: terminalId } },
      sharedContext
    )
    return chain
  }
}
