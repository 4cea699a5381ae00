import type { Context, DAL } from "@medusajs/framework/types"
import { InjectManager, InjectTransactionManager, MedusaContext } from "@medusajs/framework/utils"
import type { SqlEntityManager } from "@medusajs/framework/mikro-orm/postgresql"
import { OmnichannelError } from "../../../errors/omnichannel-error"
import { countOperation } from "../../../metrics"
import { assertMinorAmount, normalizeCurrency } from "../../../money"
import type { ChainDTO, OperationDTO } from "../dto"
import type { OperationInput, OperationSettlement } from "../types"
import type { ModelService } from "../utils/model-service"
import Chain from "../models/chain"
import Operation from "../models/operation"
import { computeTotals } from "../utils/totals"
import { CREATE_ATTEMPTS, isUniqueViolation } from "../utils/unique-violation"
import { checkChainInvariants, refundLocked } from "../utils/chain-invariants"

/**
 * The operations on a chain (the chains themselves: chains.ts). Every write that depends
 * on what is already on a chain runs in one transaction holding a row lock on the chain
 * (SELECT ... FOR UPDATE), so the invariants hold across any number of Medusa instances
 * sharing the database; partial unique indexes back up the refund rules at the database level.
 */
export class ChainLedger {
  // Read by Medusa's @InjectManager / @InjectTransactionManager.
  protected readonly baseRepository_: DAL.RepositoryService
  private readonly chains_: ModelService<typeof Chain>
  private readonly operations_: ModelService<typeof Operation>

  constructor(cradle: Record<string, any>) {
    this.baseRepository_ = cradle.baseRepository
    this.chains_ = cradle.omnichannelChainService
    this.operations_ = cradle.omnichannelOperationService
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
    const operations = await this.baseRepository_.serialize<OperationDTO[]>(await this.operations_.list({ chain_id: chainId }, {}, sharedContext))

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
      const created = await this.baseRepository_.serialize<OperationDTO>(await this.operations_.create(
        {
          ...input,
          chain_id: chainId,
          currency_code: currency,
          status: input.status ?? "pending",
        },
        sharedContext
      ))
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
    const chain = await this.baseRepository_.serialize<ChainDTO>(await this.chains_.retrieve(chainId, {}, sharedContext))
    const operations = await this.baseRepository_.serialize<OperationDTO[]>(await this.operations_.list({ chain_id: chainId }, {}, sharedContext))
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
    const op = await this.baseRepository_.serialize<OperationDTO>(await this.operations_.retrieve(operationId, {}, sharedContext))
    if (op.status !== "pending" || op.acquirer_reference === acquirerReference) {
      return op
    }
    return await this.baseRepository_.serialize<OperationDTO>(await this.operations_.update({ id: operationId, acquirer_reference: acquirerReference }, sharedContext))
  }

  /** Moves a pending operation to its final state. Settled operations never change again. */
  @InjectTransactionManager()
  async settleOperation(
    operationId: string,
    settlement: OperationSettlement,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<OperationDTO> {
    await this.lockChainOf(operationId, sharedContext)
    const current = await this.baseRepository_.serialize<OperationDTO>(await this.operations_.retrieve(operationId, {}, sharedContext))
    if (current.status !== "pending") {
      if (current.status === settlement.status) {
        return current
      }
      throw new OmnichannelError(
        "OPERATION_NOT_ALLOWED",
        `operation ${operationId} is already ${current.status}`
      )
    }
    const settled = await this.baseRepository_.serialize<OperationDTO>(await this.operations_.update(
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
    ))
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

  /**
   * Payments made at a till, on chains a batch of sales has just opened (nothing else is on
   * them, so no rule can refuse a payment), under ids the caller derives from each sale's
   * keys: those already there (a run cut short made them) are returned as they are, the
   * others made in one insert. In input order.
   */
  @InjectTransactionManager()
  async recordTillPayments(
    inputs: (OperationInput & { id: string; chain_id: string })[],
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ operations: OperationDTO[]; created: string[] }> {
    if (!inputs.length) return { operations: [], created: [] }
    for (const input of inputs) {
      if (input.type !== "payment") throw new OmnichannelError("OPERATION_NOT_ALLOWED", `operation ${input.id}: only payments are recorded in bulk`)
      assertMinorAmount(input.amount)
    }
    const byId = new Map(
      (await this.baseRepository_.serialize<OperationDTO[]>(await this.operations_.list({ id: inputs.map((i) => i.id) }, {}, sharedContext))).map((o) => [o.id, o])
    )
    const missing = inputs.filter((i) => !byId.has(i.id))
    if (missing.length) {
      const created = await this.baseRepository_.serialize<OperationDTO[]>(await this.operations_.create(
        missing.map((input) => ({ ...input, currency_code: normalizeCurrency(input.currency_code), status: input.status ?? "pending" })),
        sharedContext
      ))
      for (const op of created) {
        byId.set(op.id, op)
        countOperation(op)
      }
    }
    return { operations: inputs.map((i) => byId.get(i.id)!), created: missing.map((i) => i.id) }
  }

  /** `noteMedusaPayment` for many operations: one statement. */
  @InjectManager()
  async noteMedusaPayments(notes: { operation_id: string; medusa_payment_id: string }[], @MedusaContext() sharedContext: Context = {}): Promise<void> {
    if (!notes.length) return
    const manager = sharedContext.manager as SqlEntityManager
    await manager.execute(
      `update omnichannel_operation o set medusa_payment_id = n.payment_id, updated_at = now()
         from jsonb_to_recordset(?::jsonb) as n(id text, payment_id text) where o.id = n.id and o.deleted_at is null`,
      [JSON.stringify(notes.map((n) => ({ id: n.operation_id, payment_id: n.medusa_payment_id })))]
    )
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
    return await this.baseRepository_.serialize<ChainDTO>(await this.chains_.retrieve(chainId, {}, sharedContext))
  }
}
