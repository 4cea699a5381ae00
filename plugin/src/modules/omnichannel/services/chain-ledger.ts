import { timingSafeEqual } from "crypto"
import type { Context } from "@medusajs/framework/types"
import { InjectManager, InjectTransactionManager, MedusaContext } from "@medusajs/framework/utils"
import type { SqlEntityManager } from "@medusajs/framework/mikro-orm/postgresql"
import { OPTIONS_KEY, type OmnichannelModuleOptions } from "../options"
import { generatePaymentId, isValidPaymentId, PLATFORM_PAYMENT_ID } from "../../../cards/payment-id"
import { OmnichannelError } from "../../../errors/omnichannel-error"
import { countOperation } from "../../../metrics"
import { assertMinorAmount, normalizeCurrency } from "../../../money"
import type { ChainDTO, ChainView, OperationDTO } from "../dto"
import type { Channel, ChainTotals, OperationInput, OperationSettlement } from "../types"
import { modelStore, type ModelStore } from "../utils/model-store"
import { computeTotals } from "../utils/totals"
import { CREATE_ATTEMPTS, isUniqueViolation } from "../utils/unique-violation"
import { checkChainInvariants, refundLocked } from "../utils/chain-invariants"

/**
 * Chains and their operations. Every write that depends on what is already on a chain runs
 * in one transaction holding a row lock on the chain (SELECT ... FOR UPDATE), so the
 * invariants hold across any number of Medusa instances sharing the database; partial unique
 * indexes back up the refund rules at the database level.
 */
export class ChainLedger {
  // Read by Medusa's @InjectManager / @InjectTransactionManager.
  protected readonly baseRepository_: unknown
  private readonly chains_: ModelStore<ChainDTO>
  private readonly operations_: ModelStore<OperationDTO>
  /** The acquirer issues the payment ids (Worldline): they carry no check digit of ours. */
  private readonly platformPaymentIds_: boolean

  constructor(cradle: Record<string, any>) {
    this.baseRepository_ = cradle.baseRepository
    this.chains_ = modelStore(cradle, "OmnichannelChain")
    this.operations_ = modelStore(cradle, "OmnichannelOperation")
    this.platformPaymentIds_ = (cradle[OPTIONS_KEY] as OmnichannelModuleOptions | undefined)?.acquirer === "worldline-direct"
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
        return await this.chains_.create(
          {
            payment_id: (attempt === 0 && platformId) || generatePaymentId(),
            currency_code,
            origin_channel: input.origin_channel,
            card_token_id: input.card_token_id ?? null,
            cof_consent: !!input.cof_consent,
            metadata: input.metadata ?? null,
          },
          sharedContext
        )
      } catch (err) {
        if (!isUniqueViolation(err)) {
          throw err
        }
      }
    }
    throw new Error("could not allocate a unique payment id")
  }

  /**
   * The chain's first payment was made at a platform that issues its own 19-digit payment
   * ids (Worldline): the chain takes that id, so the merchant's back office, the platform's
   * portal and our API name the purchase alike. Kept as it is when the id is already a
   * chain's (a retried first payment the platform answered with the same payment).
   */
  async adoptPaymentId(chainId: string, paymentId: string, sharedContext: Context = {}): Promise<ChainDTO> {
    if (!PLATFORM_PAYMENT_ID.test(paymentId)) {
      return await this.chains_.retrieve(chainId, {}, sharedContext)
    }
    try {
      return await this.chains_.update({ id: chainId, payment_id: paymentId }, sharedContext)
    } catch (err) {
      if (!isUniqueViolation(err)) throw err
      return await this.chains_.retrieve(chainId, {}, sharedContext)
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
    const [chain] = await this.chains_.list({ payment_id: paymentId }, { relations: ["card_token"] }, sharedContext)
    if (!chain) {
      throw new OmnichannelError("CHAIN_NOT_FOUND", `payment_id: no chain ${paymentId}`, "payment_id")
    }
    return chain
  }

  /** The chain as the admin API shows it: operations oldest first and totals. */
  @InjectManager()
  async viewChain(chainId: string, @MedusaContext() sharedContext: Context = {}): Promise<ChainView> {
    const chain = await this.chains_.retrieve(chainId, { relations: ["card_token"] }, sharedContext)
    const operations = await this.operations_.list(
      { chain_id: chainId },
      { order: { created_at: "ASC", id: "ASC" } },
      sharedContext
    )
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
    const operations = await this.operations_.list({ chain_id: chainId }, {}, sharedContext)
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

  /**
   * Records an operation after checking it against the chain. Without a `status` it is
   * `pending` (the acquirer call comes next, then `settleOperation`); in-store sales that
   * already happened pass `status: "succeeded"`. With an `idempotency_key` already used on
   * the chain, the existing operation is returned instead of a second one.
   */
  @InjectTransactionManager()
  async beginOperation(
    chainId: string,
    input: OperationInput,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<OperationDTO> {
    const chain = await this.lockChain(chainId, sharedContext)
    assertMinorAmount(input.amount)
    const currency = normalizeCurrency(input.currency_code)
    if (currency !== chain.currency_code) {
      throw new OmnichannelError(
        "CURRENCY_MISMATCH",
        `currency_code: chain ${chain.payment_id} is in ${chain.currency_code}, not ${currency}`,
        "currency_code"
      )
    }
    const operations = await this.operations_.list({ chain_id: chainId }, {}, sharedContext)

    if (input.idempotency_key) {
      const previous = operations.find((o) => o.idempotency_key === input.idempotency_key)
      if (previous) {
        if (previous.type !== input.type || previous.amount !== input.amount || previous.method !== (input.method ?? "card")) {
          throw new OmnichannelError(
            "IDEMPOTENCY_KEY_REUSED",
            "idempotency_key: already used on this chain for a different operation",
            "idempotency_key"
          )
        }
        return previous
      }
    }

    checkChainInvariants(chain, input, operations)

    try {
      const created = await this.operations_.create(
        {
          ...input,
          chain_id: chainId,
          currency_code: currency,
          status: input.status ?? "pending",
        },
        sharedContext
      )
      countOperation(created)
      return created
    } catch (err) {
      if (input.type === "refund" && isUniqueViolation(err)) {
        throw refundLocked(chain.payment_id)
      }
      throw err
    }
  }

  /** Would `input` be accepted on the chain right now? Throws the refusal if not; writes nothing. */
  @InjectManager()
  async checkOperation(
    chainId: string,
    input: OperationInput,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<OperationDTO[]> {
    const chain = await this.chains_.retrieve(chainId, {}, sharedContext)
    const operations = await this.operations_.list({ chain_id: chainId }, {}, sharedContext)
    if (input.idempotency_key && operations.some((o) => o.idempotency_key === input.idempotency_key && o.type === input.type)) {
      // A retry resumes (or replays) what its first attempt started; `beginOperation`
      // checks it is the same operation.
      return operations
    }
    checkChainInvariants(chain, input, operations)
    return operations
  }

  /**
   * The acquirer answered that the customer must act (3-D Secure): the operation stays
   * pending, now with the acquirer's reference so its status can be asked for later.
   */
  @InjectTransactionManager()
  async awaitCustomer(operationId: string, acquirerReference: string, @MedusaContext() sharedContext: Context = {}): Promise<OperationDTO> {
    const op = await this.operations_.retrieve(operationId, {}, sharedContext)
    if (op.status !== "pending" || op.acquirer_reference === acquirerReference) {
      return op
    }
    return await this.operations_.update({ id: operationId, acquirer_reference: acquirerReference }, sharedContext)
  }

  /** Moves a pending operation to its final state. Settled operations never change again. */
  @InjectTransactionManager()
  async settleOperation(
    operationId: string,
    settlement: OperationSettlement,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<OperationDTO> {
    await this.lockChainOf(operationId, sharedContext)
    const current = await this.operations_.retrieve(operationId, {}, sharedContext)
    if (current.status !== "pending") {
      if (current.status === settlement.status) {
        return current
      }
      throw new OmnichannelError(
        "OPERATION_NOT_ALLOWED",
        `operation ${operationId} is already ${current.status}`
      )
    }
    const settled = await this.operations_.update(
      {
        id: operationId,
        status: settlement.status,
        acquirer_reference: settlement.acquirer_reference ?? current.acquirer_reference,
        error_code: settlement.error_code ?? null,
        error_message: settlement.error_message ?? null,
        medusa_payment_id: settlement.medusa_payment_id ?? current.medusa_payment_id,
        medusa_refund_id: settlement.medusa_refund_id ?? current.medusa_refund_id,
      },
      sharedContext
    )
    countOperation(settled)
    return settled
  }

  /** The Medusa payment an operation became on its order (null: no longer). One statement: it is on every till sale's path. */
  @InjectManager()
  async noteMedusaPayment(operationId: string, medusaPaymentId: string | null, @MedusaContext() sharedContext: Context = {}): Promise<void> {
    const manager = sharedContext.manager as SqlEntityManager
    await manager.execute("update omnichannel_operation set medusa_payment_id = ?, updated_at = now() where id = ? and deleted_at is null", [
      medusaPaymentId,
      operationId,
    ])
  }

  /** Row lock on an operation's chain for the rest of the transaction, without reading either first. */
  private async lockChainOf(operationId: string, sharedContext: Context): Promise<void> {
    const manager = sharedContext.transactionManager as SqlEntityManager
    const rows = await manager.execute(
      `select c.id from omnichannel_chain c join omnichannel_operation o on o.chain_id = c.id
        where o.id = ? and o.deleted_at is null and c.deleted_at is null for update of c`,
      [operationId]
    )
    if (!rows.length) {
      throw new OmnichannelError("CHAIN_NOT_FOUND", `no chain of operation ${operationId}`)
    }
  }

  /** Row lock on the chain for the rest of the transaction. */
  private async lockChain(chainId: string, sharedContext: Context): Promise<ChainDTO> {
    const manager = sharedContext.transactionManager as SqlEntityManager
    const rows = await manager.execute(
      "select id from omnichannel_chain where id = ? and deleted_at is null for update",
      [chainId]
    )
    if (!rows.length) {
      throw new OmnichannelError("CHAIN_NOT_FOUND", `chain ${chainId} not found`)
    }
    return await this.chains_.retrieve(chainId, {}, sharedContext)
  }
}
