import { timingSafeEqual } from "crypto"
import type { Context, InferTypeOf } from "@medusajs/framework/types"
import {
  InjectManager,
  InjectTransactionManager,
  MedusaContext,
  MedusaService,
} from "@medusajs/framework/utils"
import type { SqlEntityManager } from "@medusajs/framework/mikro-orm/postgresql"
import { createAcquirer, type Acquirer, type AcquirerOptions } from "../../acquirers"
import { generateCrmToken } from "../../cards/crm-token"
import { describeCard, normalizePan } from "../../cards/card-details"
import { generatePaymentId, isValidPaymentId } from "../../cards/payment-id"
import { OmnichannelError } from "../../errors/omnichannel-error"
import { assertMinorAmount, normalizeCurrency } from "../../money"
import { computeOfflineToken, OFFLINE_TOKEN_PATTERN } from "../../pos-client/offline-token"
import { newTerminalSecret, openSecret, sealSecret } from "../../terminals/secret-box"
import CardToken from "./models/card-token"
import Chain from "./models/chain"
import IdempotencyRecord from "./models/idempotency-record"
import Operation from "./models/operation"
import OutboxMessage from "./models/outbox-message"
import StockMovement from "./models/stock-movement"
import Terminal from "./models/terminal"
import type {
  Channel,
  ChainTotals,
  OperationInput,
  OperationSettlement,
  StockLevelSnapshot,
  StockMovementInput,
  WebhookSettings,
} from "./types"
import { computeTotals, remainingAuthorization } from "./utils/totals"

export type OmnichannelModuleOptions = AcquirerOptions & {
  /** Merchant secret (>= 32 bytes) shared with the terminals; keys the offline token. */
  tokenKey?: string
  /** Return the offline token to the storefront as `externalTokenLinked.computedToken`. */
  offlineTokens?: boolean
  /** Delivery of stock and order notifications to the terminals' webhook_url. */
  webhooks?: Partial<WebhookSettings>
}

const DEFAULT_WEBHOOK_SETTINGS: WebhookSettings = {
  retryBaseMs: 5_000,
  maxBackoffMs: 15 * 60_000,
  maxAttempts: 20,
  timeoutMs: 5_000,
}

export type ChainDTO = InferTypeOf<typeof Chain>
export type OperationDTO = InferTypeOf<typeof Operation>
export type CardTokenDTO = InferTypeOf<typeof CardToken>
export type TerminalDTO = InferTypeOf<typeof Terminal>
export type StockMovementDTO = InferTypeOf<typeof StockMovement>
export type OutboxMessageDTO = InferTypeOf<typeof OutboxMessage>
/** A terminal as it may be shown: never its secret, not even encrypted. */
export type PublicTerminal = Omit<TerminalDTO, "secret_ciphertext">

export function publicTerminal({ secret_ciphertext: _hidden, ...terminal }: TerminalDTO): PublicTerminal {
  return terminal
}

export type TerminalCard = {
  offline_token: string
  brand?: string
  bin: string
  last4: string
  pan_length?: number
}

export type ChainView = {
  id: string
  payment_id: string
  currency_code: string
  origin_channel: Channel
  cof_consent: boolean
  crm_token: string | null
  card: { brand: string; bin: string; last4: string } | null
  operations: OperationDTO[]
  totals: ChainTotals
  created_at: Date
}

const MIN_TOKEN_KEY_BYTES = 32
const CREATE_ATTEMPTS = 5

function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; type?: string; message?: string; name?: string }
  return (
    e?.code === "23505" ||
    e?.name === "UniqueConstraintViolationException" ||
    e?.type === "duplicate_error" ||
    /already exists|duplicate key/i.test(e?.message ?? "")
  )
}

/**
 * The chain ledger. Its invariants hold whoever calls it: every write that depends on
 * what is already on a chain runs in one transaction holding a row lock on the chain
 * (SELECT ... FOR UPDATE), so it holds across any number of Medusa instances sharing the
 * database; partial unique indexes back up the refund rules at the database level.
 */
class OmnichannelModuleService extends MedusaService({
  OmnichannelChain: Chain,
  OmnichannelOperation: Operation,
  OmnichannelCardToken: CardToken,
  OmnichannelTerminal: Terminal,
  OmnichannelIdempotencyRecord: IdempotencyRecord,
  OmnichannelStockMovement: StockMovement,
  OmnichannelOutboxMessage: OutboxMessage,
}) {
  protected readonly options_: OmnichannelModuleOptions
  protected readonly acquirer_: Acquirer

  constructor(container: Record<string, unknown>, options: OmnichannelModuleOptions = {}) {
    super(...arguments)
    this.options_ = options ?? {}
    this.acquirer_ = createAcquirer(this.options_)
    const key = this.options_.tokenKey
    if (key !== undefined && Buffer.byteLength(key, "utf8") < MIN_TOKEN_KEY_BYTES) {
      throw new Error(
        `medusa-plugin-omnichannel: option tokenKey must be at least ${MIN_TOKEN_KEY_BYTES} bytes`
      )
    }
  }

  /** The configured card acquirer, retrying retryable answers with the same idempotency key. */
  get acquirer(): Acquirer {
    return this.acquirer_
  }

  /** Worldline webhook key id and secret (empty unless the acquirer is worldline-direct). */
  get worldlineWebhookSecrets(): { webhookKeyId?: string; webhookSecret?: string } {
    if (this.options_.acquirer !== "worldline-direct") return {}
    const { webhookKeyId, webhookSecret } = this.options_.worldline ?? {}
    return { webhookKeyId, webhookSecret }
  }

  get webhookSettings(): WebhookSettings {
    const given = Object.entries(this.options_.webhooks ?? {}).filter(([, v]) => typeof v === "number" && v >= 0)
    return { ...DEFAULT_WEBHOOK_SETTINGS, ...Object.fromEntries(given) }
  }

  get offlineTokensEnabled(): boolean {
    return !!this.options_.offlineTokens
  }

  // ---------------------------------------------------------------- tokens

  /** The offline token of a PAN, as a terminal would compute it. */
  offlineTokenFor(pan: string): string {
    if (!this.options_.tokenKey) {
      throw new OmnichannelError("OPERATION_NOT_ALLOWED", "tokenization is off: the plugin has no tokenKey")
    }
    return computeOfflineToken(this.options_.tokenKey, pan)
  }

  /** Card number seen online: one CRM token per card, created on first sight. The PAN is not kept. */
  async tokenizePan(pan: string, sharedContext: Context = {}) {
    const digits = normalizePan(pan)
    if (!digits) {
      throw new OmnichannelError("INVALID_CARD", "card.number: not a valid card number", "card.number")
    }
    const offline_token = this.offlineTokenFor(digits)
    const card_token = await this.upsertCardToken({ offline_token, ...describeCard(digits) }, sharedContext)
    return { card_token, offline_token }
  }

  /** Card seen at a till: the terminal computed the offline token; we never see the PAN. */
  async tokenizeTerminalCard(card: TerminalCard, sharedContext: Context = {}) {
    const offline_token = String(card.offline_token ?? "").toUpperCase()
    if (!OFFLINE_TOKEN_PATTERN.test(offline_token)) {
      throw new OmnichannelError("INVALID_CARD", "card.offline_token: expected 64 hex characters", "card.offline_token")
    }
    const card_token = await this.upsertCardToken(
      {
        offline_token,
        brand: card.brand ?? "unknown",
        bin: card.bin,
        last4: card.last4,
        // Tills report BIN and last 4 only; most cards have 16 digits.
        pan_length: card.pan_length ?? 16,
      },
      sharedContext
    )
    return { card_token, offline_token }
  }

  private async upsertCardToken(
    card: { offline_token: string; brand: string; bin: string; last4: string; pan_length: number },
    sharedContext: Context
  ): Promise<CardTokenDTO> {
    for (let attempt = 0; attempt < CREATE_ATTEMPTS; attempt++) {
      const [existing] = await this.listOmnichannelCardTokens({ fingerprint: card.offline_token }, {}, sharedContext)
      if (existing) {
        return existing
      }
      try {
        return await this.createOmnichannelCardTokens(
          {
            token: generateCrmToken(card.bin, card.last4, card.pan_length),
            fingerprint: card.offline_token,
            brand: card.brand,
            bin: card.bin,
            last4: card.last4,
            pan_length: card.pan_length,
          },
          sharedContext
        )
      } catch (err) {
        // Same card tokenized at the same moment elsewhere, or (1 in 10^6+) a token clash: look again.
        if (!isUniqueViolation(err)) {
          throw err
        }
      }
    }
    throw new Error("could not create a card token")
  }

  // ---------------------------------------------------------------- chains

  /** Starts a chain with a fresh, unique 19-digit payment id. */
  async openChain(
    input: {
      currency_code: string
      origin_channel: Channel
      card_token_id?: string | null
      cof_consent?: boolean
      metadata?: Record<string, unknown> | null
    },
    sharedContext: Context = {}
  ): Promise<ChainDTO> {
    const currency_code = normalizeCurrency(input.currency_code)
    for (let attempt = 0; attempt < CREATE_ATTEMPTS; attempt++) {
      try {
        return await this.createOmnichannelChains(
          {
            payment_id: generatePaymentId(),
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

  async retrieveChainByPaymentId(paymentId: string, sharedContext: Context = {}): Promise<ChainDTO> {
    if (!isValidPaymentId(paymentId)) {
      throw new OmnichannelError(
        "INVALID_PAYMENT_ID",
        "payment_id: expected 19 digits with a valid check digit",
        "payment_id"
      )
    }
    const [chain] = await this.listOmnichannelChains({ payment_id: paymentId }, { relations: ["card_token"] }, sharedContext)
    if (!chain) {
      throw new OmnichannelError("CHAIN_NOT_FOUND", `payment_id: no chain ${paymentId}`, "payment_id")
    }
    return chain
  }

  /** The chain as the admin API shows it: operations oldest first and totals. */
  @InjectManager()
  async viewChain(chainId: string, @MedusaContext() sharedContext: Context = {}): Promise<ChainView> {
    const chain = await this.retrieveOmnichannelChain(chainId, { relations: ["card_token"] }, sharedContext)
    const operations = await this.listOmnichannelOperations(
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
    const operations = await this.listOmnichannelOperations({ chain_id: chainId }, {}, sharedContext)
    return computeTotals(operations)
  }

  // ---------------------------------------------------------------- terminals

  private secretsKey(): string {
    if (!this.options_.tokenKey) {
      throw new OmnichannelError("OPERATION_NOT_ALLOWED", "terminals need the plugin option tokenKey (it keys their secrets)")
    }
    return this.options_.tokenKey
  }

  /** A new till; its secret is returned here once and stored only encrypted. */
  async createTerminal(
    input: { name: string; stock_location_id: string; webhook_url?: string | null },
    sharedContext: Context = {}
  ): Promise<{ terminal: PublicTerminal; secret: string }> {
    const secret = newTerminalSecret()
    const terminal = await this.createOmnichannelTerminals(
      {
        name: input.name,
        stock_location_id: input.stock_location_id,
        webhook_url: input.webhook_url ?? null,
        secret_ciphertext: sealSecret(this.secretsKey(), secret),
      },
      sharedContext
    )
    return { terminal: publicTerminal(terminal), secret }
  }

  async rotateTerminalSecret(id: string, sharedContext: Context = {}) {
    const current = await this.retrieveOmnichannelTerminal(id, {}, sharedContext)
    if (current.deactivated_at) {
      throw new OmnichannelError("OPERATION_NOT_ALLOWED", `terminal ${id} is deactivated`)
    }
    const secret = newTerminalSecret()
    const terminal = await this.updateOmnichannelTerminals(
      { id, secret_ciphertext: sealSecret(this.secretsKey(), secret), secret_rotated_at: new Date() },
      sharedContext
    )
    return { terminal: publicTerminal(terminal), secret }
  }

  async deactivateTerminal(id: string, sharedContext: Context = {}): Promise<PublicTerminal> {
    const terminal = await this.updateOmnichannelTerminals({ id, deactivated_at: new Date() }, sharedContext)
    return publicTerminal(terminal)
  }

  /** The terminal and its secret, for checking a request's signature; null if unknown or deactivated. */
  async activeTerminalSecret(id: string, sharedContext: Context = {}) {
    if (!id) return null
    const [terminal] = await this.listOmnichannelTerminals({ id, deactivated_at: null }, {}, sharedContext)
    if (!terminal) return null
    return { terminal: publicTerminal(terminal), secret: openSecret(this.secretsKey(), terminal.secret_ciphertext) }
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
    await this.updateOmnichannelChains(
      { id: chain.id, metadata: { ...(chain.metadata ?? {}), collected_at: new Date().toISOString(), collected_at_terminal: terminalId } },
      sharedContext
    )
    return chain
  }

  // ---------------------------------------------------------------- idempotency

  /**
   * Claims `key` in `scope` for a request, or says what to answer instead. Call it only
   * while holding the key's lock: a claim found still running is then taken over.
   */
  async claimIdempotencyKey(
    scope: string,
    key: string,
    hash: string,
    sharedContext: Context = {}
  ): Promise<{ state: "claimed"; id: string; taken_over?: boolean } | { state: "replay"; status: number; body: unknown }> {
    try {
      const record = await this.createOmnichannelIdempotencyRecords({ scope, key, request_hash: hash }, sharedContext)
      return { state: "claimed", id: record.id }
    } catch (err) {
      if (!isUniqueViolation(err)) throw err
    }
    const [existing] = await this.listOmnichannelIdempotencyRecords({ scope, key }, {}, sharedContext)
    if (!existing) {
      // Released between our insert and our read: let the caller try again.
      throw new OmnichannelError("IDEMPOTENCY_REQUEST_IN_PROGRESS", "Idempotency-Key: a request with this key is in progress")
    }
    if (existing.request_hash !== hash) {
      throw new OmnichannelError(
        "IDEMPOTENCY_KEY_REUSED",
        "Idempotency-Key: already used with a different request body",
        "Idempotency-Key"
      )
    }
    if (existing.state !== "completed") {
      // The caller holds the key's lock (withIdempotency), so the request that claimed it
      // is gone (its instance died mid-request): this one takes over.
      return { state: "claimed", id: existing.id, taken_over: true }
    }
    return { state: "replay", status: existing.response_status ?? 200, body: existing.response_body }
  }

  async completeIdempotencyKey(id: string, status: number, body: unknown, sharedContext: Context = {}) {
    await this.updateOmnichannelIdempotencyRecords(
      { id, state: "completed", response_status: status, response_body: body as Record<string, unknown> },
      sharedContext
    )
  }

  async releaseIdempotencyKey(id: string, sharedContext: Context = {}) {
    await this.deleteOmnichannelIdempotencyRecords(id, sharedContext)
  }

  // ---------------------------------------------------------------- operations

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
    const operations = await this.listOmnichannelOperations({ chain_id: chainId }, {}, sharedContext)

    if (input.idempotency_key) {
      const previous = operations.find((o) => o.idempotency_key === input.idempotency_key)
      if (previous) {
        if (previous.type !== input.type || previous.amount !== input.amount) {
          throw new OmnichannelError(
            "IDEMPOTENCY_KEY_REUSED",
            "idempotency_key: already used on this chain for a different operation",
            "idempotency_key"
          )
        }
        return previous
      }
    }

    this.checkInvariants(chain, input, operations)

    try {
      return await this.createOmnichannelOperations(
        {
          ...input,
          chain_id: chainId,
          currency_code: currency,
          status: input.status ?? "pending",
        },
        sharedContext
      )
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
  ): Promise<void> {
    const chain = await this.retrieveOmnichannelChain(chainId, {}, sharedContext)
    const operations = await this.listOmnichannelOperations({ chain_id: chainId }, {}, sharedContext)
    if (input.idempotency_key && operations.some((o) => o.idempotency_key === input.idempotency_key && o.type === input.type)) {
      // A retry resumes (or replays) what its first attempt started; `beginOperation`
      // checks it is the same operation.
      return
    }
    this.checkInvariants(chain, input, operations)
  }

  /** Moves a pending operation to its final state. Settled operations never change again. */
  @InjectTransactionManager()
  async settleOperation(
    operationId: string,
    settlement: OperationSettlement,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<OperationDTO> {
    const op = await this.retrieveOmnichannelOperation(operationId, {}, sharedContext)
    await this.lockChain(op.chain_id, sharedContext)
    const current = await this.retrieveOmnichannelOperation(operationId, {}, sharedContext)
    if (current.status !== "pending") {
      if (current.status === settlement.status) {
        return current
      }
      throw new OmnichannelError(
        "OPERATION_NOT_ALLOWED",
        `operation ${operationId} is already ${current.status}`
      )
    }
    return await this.updateOmnichannelOperations(
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
  }

  private checkInvariants(chain: ChainDTO, input: OperationInput, operations: OperationDTO[]) {
    const live = operations.filter((o) => o.status !== "failed")
    const sum = (type: string, ops = live) =>
      ops.filter((o) => o.type === type).reduce((s, o) => s + o.amount, 0)

    switch (input.type) {
      case "payment":
      case "authorization":
        return
      case "capture":
      case "cancel": {
        const auth = live.find((o) => o.id === input.parent_operation_id && o.type === "authorization")
        if (!auth || auth.status !== "succeeded") {
          throw new OmnichannelError(
            "OPERATION_NOT_ALLOWED",
            `parent_operation_id: no succeeded authorization ${input.parent_operation_id ?? ""} on this chain`,
            "parent_operation_id"
          )
        }
        const remaining = remainingAuthorization(auth, live)
        if (input.amount > remaining) {
          throw new OmnichannelError(
            input.type === "capture" ? "CAPTURE_EXCEEDS_AUTHORIZED" : "OPERATION_NOT_ALLOWED",
            `amount: ${input.amount} exceeds the ${remaining} still authorized`,
            "amount"
          )
        }
        return
      }
      case "refund": {
        if (live.some((o) => o.type === "refund" && o.status === "pending")) {
          throw refundLocked(chain.payment_id)
        }
        if (input.reference && live.some((o) => o.type === "refund" && o.reference === input.reference)) {
          throw refundLocked(chain.payment_id, input.reference)
        }
        const paid = sum("payment", live.filter((o) => o.status === "succeeded")) +
          sum("capture", live.filter((o) => o.status === "succeeded"))
        const refundable = paid - sum("refund")
        if (input.amount > refundable) {
          throw new OmnichannelError(
            "REFUND_EXCEEDS_PAID",
            `amount: ${input.amount} exceeds the ${refundable} still refundable on ${chain.payment_id}`,
            "amount"
          )
        }
        return
      }
      case "payout":
        if (!input.actor_id || !input.note?.trim()) {
          throw new OmnichannelError(
            "PAYOUT_REASON_REQUIRED",
            "reason: a payout needs an admin and a reason",
            input.actor_id ? "reason" : "actor_id"
          )
        }
        return
    }
  }

  // ---------------------------------------------------------------- stock movements

  /**
   * Records what a till asks of the inventory, once per `source_key`: a retried sale or
   * event gets back the rows of its first delivery. Returns them in input order, and
   * the ids of those this call created.
   */
  async recordStockMovements(
    inputs: StockMovementInput[],
    sharedContext: Context = {}
  ): Promise<{ movements: StockMovementDTO[]; created: string[] }> {
    const rows: StockMovementDTO[] = []
    const created: string[] = []
    for (const input of inputs) {
      const [existing] = await this.listOmnichannelStockMovements({ source_key: input.source_key }, {}, sharedContext)
      if (existing) {
        rows.push(existing)
        continue
      }
      try {
        const row = await this.createOmnichannelStockMovements({ ...input, occurred_at: new Date(input.occurred_at) }, sharedContext)
        rows.push(row)
        created.push(row.id)
      } catch (err) {
        if (!isUniqueViolation(err)) throw err
        // The same change recorded at the same moment by a concurrent copy of the request.
        const [winner] = await this.listOmnichannelStockMovements({ source_key: input.source_key }, {}, sharedContext)
        rows.push(winner)
      }
    }
    return { movements: rows, created }
  }

  /**
   * A sale, return or adjustment that happened before the latest count of the item at
   * the location is already in that count: applying it again would count it twice.
   */
  async isCoveredByLaterCount(movement: StockMovementDTO, sharedContext: Context = {}): Promise<boolean> {
    if (movement.kind === "count") return false
    const [count] = await this.listOmnichannelStockMovements(
      {
        inventory_item_id: movement.inventory_item_id,
        stock_location_id: movement.stock_location_id,
        kind: "count",
        status: "applied",
        occurred_at: { $gt: movement.occurred_at },
      },
      { take: 1, select: ["id"] },
      sharedContext
    )
    return !!count
  }

  /**
   * Notes that Medusa's level now reflects the movement, and in the same transaction:
   * flags a level below zero for the admin (or closes earlier flags once it is back),
   * and queues the new level for every terminal at the location with a webhook.
   */
  @InjectTransactionManager()
  async markStockMovementApplied(
    movementId: string,
    result: { level_before: number; delta: number; superseded_by_count: boolean; level: StockLevelSnapshot },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<StockMovementDTO> {
    const manager = sharedContext.transactionManager as SqlEntityManager
    await manager.execute("select id from omnichannel_stock_movement where id = ? for update", [movementId])
    const movement = await this.retrieveOmnichannelStockMovement(movementId, {}, sharedContext)
    if (movement.status === "applied") return movement

    const levelAfter = result.level.stocked_quantity
    const applied = await this.updateOmnichannelStockMovements(
      {
        id: movementId,
        status: "applied",
        applied_at: new Date(),
        delta: result.delta,
        level_before: result.level_before,
        level_after: levelAfter,
        superseded_by_count: result.superseded_by_count,
        discrepancy: levelAfter < 0,
      },
      sharedContext
    )
    if (levelAfter >= 0) {
      await manager.execute(
        `update omnichannel_stock_movement set discrepancy_resolved_at = now(), updated_at = now()
          where inventory_item_id = ? and stock_location_id = ? and discrepancy = true
            and discrepancy_resolved_at is null and deleted_at is null`,
        [movement.inventory_item_id, movement.stock_location_id]
      )
    }
    if (result.delta !== 0 || movement.kind === "count") {
      await this.enqueueTerminalNotifications("inventory.level_changed", { ...result.level }, { stock_location_id: movement.stock_location_id }, sharedContext)
    }
    return applied
  }

  /** Levels below zero after a till sale that nothing has corrected yet, newest first. */
  async listOpenStockDiscrepancies(filters: { stock_location_id?: string } = {}, sharedContext: Context = {}) {
    return await this.listOmnichannelStockMovements(
      { discrepancy: true, discrepancy_resolved_at: null, ...filters },
      { order: { applied_at: "DESC" } },
      sharedContext
    )
  }

  // ---------------------------------------------------------------- outbox

  /**
   * Queues a notification for each active terminal with a webhook_url (at one stock
   * location, or all). Pass the caller's transaction to write it together with the change.
   */
  async enqueueTerminalNotifications(
    eventType: string,
    payload: Record<string, unknown>,
    where: { stock_location_id?: string } = {},
    sharedContext: Context = {}
  ): Promise<OutboxMessageDTO[]> {
    const terminals = await this.listOmnichannelTerminals(
      { deactivated_at: null, webhook_url: { $ne: null }, ...(where.stock_location_id ? { stock_location_id: where.stock_location_id } : {}) },
      { select: ["id"] },
      sharedContext
    )
    if (!terminals.length) return []
    const now = new Date()
    return await this.createOmnichannelOutboxMessages(
      terminals.map((t) => ({ terminal_id: t.id, event_type: eventType, payload, next_attempt_at: now })),
      sharedContext
    )
  }

  /**
   * Claims up to `limit` due notifications for one delivery run, oldest first. Rows a
   * concurrent run (on any instance) holds are skipped; a claim lapses after `leaseMs`.
   */
  @InjectTransactionManager()
  async claimDueDeliveries(limit: number, leaseMs: number, @MedusaContext() sharedContext: Context = {}): Promise<OutboxMessageDTO[]> {
    const manager = sharedContext.transactionManager as SqlEntityManager
    const rows: { id: string }[] = await manager.execute(
      `update omnichannel_outbox_message
          set lease_until = now() + (? * interval '1 millisecond'), attempts = attempts + 1, updated_at = now()
        where id in (
          select id from omnichannel_outbox_message
           where status = 'pending' and deleted_at is null and next_attempt_at <= now()
             and (lease_until is null or lease_until < now())
           order by sequence
           limit ?
           for update skip locked)
        returning id`,
      [leaseMs, limit]
    )
    if (!rows.length) return []
    return await this.listOmnichannelOutboxMessages({ id: rows.map((r) => r.id) }, { order: { sequence: "ASC" } }, sharedContext)
  }

  /** Lets claimed notifications go without counting the attempt (the run stopped before sending). */
  async releaseDeliveries(ids: string[], sharedContext: Context = {}) {
    if (!ids.length) return
    const claimed = await this.listOmnichannelOutboxMessages({ id: ids, status: "pending" }, {}, sharedContext)
    await this.updateOmnichannelOutboxMessages(
      claimed.map((m) => ({ id: m.id, lease_until: null, attempts: Math.max(0, m.attempts - 1) })),
      sharedContext
    )
  }

  /**
   * The outcome of one attempt: delivered, or due again after an exponential backoff
   * (with jitter, so a POS coming back is not hit by every store at once), or given up
   * after `maxAttempts` or when its terminal can no longer receive it.
   */
  async recordDeliveryAttempt(
    id: string,
    outcome: { delivered: boolean; status?: number | null; error?: string | null; give_up?: boolean },
    sharedContext: Context = {}
  ): Promise<OutboxMessageDTO> {
    const message = await this.retrieveOmnichannelOutboxMessage(id, {}, sharedContext)
    const settings = this.webhookSettings
    const base = { id, lease_until: null, last_status: outcome.status ?? null, last_error: outcome.error?.slice(0, 500) ?? null }
    if (outcome.delivered) {
      return await this.updateOmnichannelOutboxMessages({ ...base, status: "delivered", delivered_at: new Date() }, sharedContext)
    }
    if (outcome.give_up || message.attempts >= settings.maxAttempts) {
      return await this.updateOmnichannelOutboxMessages({ ...base, status: "dead" }, sharedContext)
    }
    const backoff = Math.min(settings.maxBackoffMs, settings.retryBaseMs * 2 ** Math.max(0, message.attempts - 1))
    const jittered = backoff * (0.8 + Math.random() * 0.4)
    return await this.updateOmnichannelOutboxMessages(
      { ...base, next_attempt_at: new Date(Date.now() + jittered) },
      sharedContext
    )
  }

  /** Where and how to deliver to a terminal: its webhook_url and current secret; null if it can no longer receive. */
  async webhookTarget(terminalId: string, sharedContext: Context = {}) {
    const found = await this.activeTerminalSecret(terminalId, sharedContext)
    if (!found?.terminal.webhook_url) return null
    return { url: found.terminal.webhook_url, secret: found.secret }
  }

  // ---------------------------------------------------------------- admin views

  /**
   * The last sales the tills sent, with what the store answered: each keeps its first
   * answer as an idempotency record (scope `pos:<terminal>:sale`), refusals included.
   */
  @InjectManager()
  async listRecentPosIngestions(limit: number, @MedusaContext() sharedContext: Context = {}) {
    const manager = sharedContext.manager as SqlEntityManager
    const rows: any[] = await manager.execute(
      `select id, scope, key, state, response_status, response_body, created_at
         from omnichannel_idempotency_record
        where scope like 'pos:%:sale' and deleted_at is null
        order by created_at desc
        limit ?`,
      [limit]
    )
    return rows.map((r) => {
      const body = (r.response_body ?? {}) as Record<string, any>
      const status = r.response_status as number | null
      return {
        id: r.id as string,
        terminal_id: String(r.scope).split(":")[1],
        key: r.key as string,
        outcome: r.state !== "completed" ? "in_progress" : status !== null && status < 300 ? "ingested" : "refused",
        status,
        order_id: (body.order_id as string) ?? null,
        payment_id: (body.payment_id as string) ?? null,
        code: (body.code as string) ?? null,
        message: (body.message as string) ?? null,
        created_at: r.created_at as Date,
      }
    })
  }

  /**
   * Money by channel and UTC day since `since`, in minor units per currency: sales are
   * succeeded payments and captures, refunds succeeded refunds.
   */
  @InjectManager()
  async channelReport(since: Date, @MedusaContext() sharedContext: Context = {}) {
    const manager = sharedContext.manager as SqlEntityManager
    const rows: any[] = await manager.execute(
      `select to_char(date_trunc('day', created_at at time zone 'UTC'), 'YYYY-MM-DD') as day,
              channel, currency_code,
              coalesce(sum(amount) filter (where type in ('payment', 'capture')), 0)::bigint as sales,
              coalesce(sum(amount) filter (where type = 'refund'), 0)::bigint as refunds,
              count(*) filter (where type in ('payment', 'capture'))::int as sales_count,
              count(*) filter (where type = 'refund')::int as refunds_count
         from omnichannel_operation
        where status = 'succeeded' and deleted_at is null and created_at >= ?
          and type in ('payment', 'capture', 'refund')
        group by 1, 2, 3
        order by 1, 2, 3`,
      [since]
    )
    return rows.map((r) => {
      const sales = Number(r.sales)
      const refunds = Number(r.refunds)
      return {
        day: r.day as string,
        channel: r.channel as Channel,
        currency_code: r.currency_code as string,
        sales,
        refunds,
        sales_count: r.sales_count as number,
        refunds_count: r.refunds_count as number,
        refund_rate: sales > 0 ? Math.round((refunds / sales) * 10_000) / 10_000 : null,
      }
    })
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
    return await this.retrieveOmnichannelChain(chainId, {}, sharedContext)
  }
}

function refundLocked(paymentId: string, reference?: string | null) {
  return reference
    ? new OmnichannelError("REFUND_ORDER_LOCKED", `reference: a refund with reference "${reference}" already exists on ${paymentId}`, "reference")
    : OmnichannelError.transient("REFUND_ORDER_LOCKED", `payment_id: another refund on ${paymentId} is in progress`, "payment_id")
}

export default OmnichannelModuleService
