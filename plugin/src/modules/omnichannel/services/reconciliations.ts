import type { Context, DAL, InferTypeOf } from "@medusajs/framework/types"
import { InjectManager, InjectTransactionManager, MedusaContext } from "@medusajs/framework/utils"
import type { SqlEntityManager } from "@medusajs/framework/mikro-orm/postgresql"
import { OmnichannelError } from "../../../errors/omnichannel-error"
import type Reconciliation from "../models/reconciliation"
import type ReconciliationDifference from "../models/reconciliation-difference"
import type { ChainTotals } from "../types"
import { computeTotals } from "../utils/totals"
import type { ModelService } from "../utils/model-service"

export type ReconciliationDTO = Omit<InferTypeOf<typeof Reconciliation>, "differences">
export type ReconciliationDifferenceDTO = Omit<InferTypeOf<typeof ReconciliationDifference>, "reconciliation">
export type ReconciliationView = ReconciliationDTO & { differences: ReconciliationDifferenceDTO[] }

export const DIFFERENCE_KINDS = [
  "order_paid_mismatch",
  "order_refunded_mismatch",
  "chain_without_order",
  "operation_stuck",
  "acquirer_captured_mismatch",
  "acquirer_refunded_mismatch",
  "acquirer_payment_unknown",
] as const
export type DifferenceKind = (typeof DIFFERENCE_KINDS)[number]

export type NewDifference = {
  kind: DifferenceKind
  chain_id: string | null
  payment_id: string | null
  order_id?: string | null
  operation_id?: string | null
  currency_code: string | null
  expected: number | null
  actual: number | null
  message: string
}

/** What the comparison reads of one operation. */
export type ReconcilableOperation = {
  id: string
  type: string
  channel: string
  method: string
  status: string
  amount: number
  parent_operation_id: string | null
  acquirer_reference: string | null
  created_at: Date
  updated_at: Date
  /** A card a till approved offline: its outcome comes from the till, not the acquirer. */
  offline?: boolean
}

export type ReconcilableChain = {
  id: string
  payment_id: string
  currency_code: string
  created_at: Date
  operations: ReconcilableOperation[]
  totals: ChainTotals
}

/** Runs are kept this long; the acquirer-call log (health view) 35 days. */
const RUN_RETENTION_DAYS = 180
const ACQUIRER_CALL_RETENTION_DAYS = 35

/** Reconciliation runs and their differences; the ledger as the comparison reads it. */
export class Reconciliations {
  // Read by Medusa's @InjectManager / @InjectTransactionManager.
  protected readonly baseRepository_: DAL.RepositoryService
  private readonly runs_: ModelService<typeof Reconciliation>
  private readonly differences_: ModelService<typeof ReconciliationDifference>

  constructor(cradle: Record<string, any>) {
    this.baseRepository_ = cradle.baseRepository
    this.runs_ = cradle.omnichannelReconciliationService
    this.differences_ = cradle.omnichannelReconciliationDifferenceService
  }

  async startReconciliation(
    input: { trigger: "schedule" | "admin"; since: Date; actor_id?: string | null },
    sharedContext: Context = {}
  ): Promise<ReconciliationDTO> {
    return await this.baseRepository_.serialize<ReconciliationDTO>(await this.runs_.create({ trigger: input.trigger, since: input.since, actor_id: input.actor_id ?? null, status: "running" }, sharedContext))
  }

  async recordReconciliationDifferences(
    reconciliationId: string,
    differences: NewDifference[],
    sharedContext: Context = {}
  ): Promise<ReconciliationDifferenceDTO[]> {
    if (!differences.length) return []
    return await this.baseRepository_.serialize<ReconciliationDifferenceDTO[]>(await this.differences_.create(
      differences.map((d) => ({ order_id: null, operation_id: null, ...d, reconciliation_id: reconciliationId })),
      sharedContext
    ))
  }

  /** A compensation's undo of what a step recorded. */
  async deleteReconciliationDifferences(ids: string[], sharedContext: Context = {}) {
    if (ids.length) await this.differences_.delete(ids, sharedContext)
  }

  /** Closes a run with its counts; `differences_count` is counted from what was recorded. */
  @InjectTransactionManager()
  async finishReconciliation(
    id: string,
    result: { status: "completed" | "failed"; chains_checked?: number; acquirer_checked?: number; acquirer_unavailable?: number; error?: string | null },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<ReconciliationDTO> {
    const manager = sharedContext.transactionManager as SqlEntityManager
    const [{ count }] = await manager.execute(
      `select count(*)::int as count from omnichannel_reconciliation_difference where reconciliation_id = ? and deleted_at is null`,
      [id]
    )
    return await this.baseRepository_.serialize<ReconciliationDTO>(await this.runs_.update(
      {
        id,
        status: result.status,
        ...(result.chains_checked !== undefined ? { chains_checked: result.chains_checked } : {}),
        ...(result.acquirer_checked !== undefined ? { acquirer_checked: result.acquirer_checked } : {}),
        ...(result.acquirer_unavailable !== undefined ? { acquirer_unavailable: result.acquirer_unavailable } : {}),
        error: result.error ?? null,
        differences_count: count,
        finished_at: new Date(),
      },
      sharedContext
    ))
  }

  @InjectManager()
  async listReconciliations(limit: number, offset: number, @MedusaContext() sharedContext: Context = {}): Promise<[ReconciliationDTO[], number]> {
    const manager = sharedContext.manager as SqlEntityManager
    const rows: ReconciliationDTO[] = await manager.execute(
      `select id, trigger, status, since, actor_id, chains_checked, acquirer_checked, acquirer_unavailable,
              differences_count, error, finished_at, created_at, updated_at, deleted_at
         from omnichannel_reconciliation
        where deleted_at is null
        order by created_at desc, id desc
        limit ? offset ?`,
      [limit, offset]
    )
    const [{ count }] = await manager.execute(`select count(*)::int as count from omnichannel_reconciliation where deleted_at is null`)
    return [rows, count]
  }

  @InjectManager()
  async retrieveReconciliation(id: string, @MedusaContext() sharedContext: Context = {}): Promise<ReconciliationView> {
    const [run] = await this.baseRepository_.serialize<ReconciliationDTO[]>(await this.runs_.list({ id }, {}, sharedContext))
    if (!run) {
      throw new OmnichannelError("NOT_FOUND", `id: no reconciliation ${id}`, "id")
    }
    const differences = await this.baseRepository_.serialize<ReconciliationDifferenceDTO[]>(await this.differences_.list(
      { reconciliation_id: id },
      { order: { created_at: "ASC", id: "ASC" } },
      sharedContext
    ))
    return { ...run, differences }
  }

  /**
   * The chains with an operation created or settled at or after `since`, `limit` at a time
   * after the chain id `after` (keyset pages), each with its operations and totals.
   */
  @InjectManager()
  async listReconcilableChains(
    since: Date,
    page: { after?: string | null; limit: number },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<ReconcilableChain[]> {
    const manager = sharedContext.manager as SqlEntityManager
    const chains: { id: string; payment_id: string; currency_code: string; created_at: Date }[] = await manager.execute(
      `select c.id, c.payment_id, c.currency_code, c.created_at
         from omnichannel_chain c
        where c.deleted_at is null and c.id > ?
          and exists (select 1 from omnichannel_operation o
                       where o.chain_id = c.id and o.deleted_at is null and o.updated_at >= ?)
        order by c.id
        limit ?`,
      [page.after ?? "", since, page.limit]
    )
    if (!chains.length) return []
    const operations = await operationsByChain(manager, chains.map((c) => c.id))
    return chains.map((chain) => {
      const own = operations.get(chain.id) ?? []
      return { ...chain, operations: own, totals: computeTotals(own) }
    })
  }

  /** Totals of chains that are not in the page being compared (another chain of the same order). */
  @InjectManager()
  async chainTotalsOf(chainIds: string[], @MedusaContext() sharedContext: Context = {}): Promise<Map<string, ChainTotals>> {
    const totals = new Map<string, ChainTotals>()
    if (!chainIds.length) return totals
    const operations = await operationsByChain(sharedContext.manager as SqlEntityManager, chainIds)
    for (const id of chainIds) totals.set(id, computeTotals(operations.get(id) ?? []))
    return totals
  }

  /**
   * Old runs (with their differences) and the acquirer-call log past its retention. Hard
   * deletes: nothing refers to these rows, and the daily job keeps the tables small.
   */
  @InjectTransactionManager()
  async pruneReconciliations(
    now: Date = new Date(),
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ reconciliations: number; acquirer_calls: number }> {
    const manager = sharedContext.transactionManager as SqlEntityManager
    const runsBefore = new Date(now.getTime() - RUN_RETENTION_DAYS * 86_400_000)
    const callsBefore = new Date(now.getTime() - ACQUIRER_CALL_RETENTION_DAYS * 86_400_000)
    const old: { id: string }[] = await manager.execute(
      `select id from omnichannel_reconciliation where created_at < ? and status <> 'running'`,
      [runsBefore]
    )
    if (old.length) {
      const ids = old.map((r) => r.id)
      await manager.execute(`delete from omnichannel_reconciliation_difference where reconciliation_id in (?)`, [ids])
      await manager.execute(`delete from omnichannel_reconciliation where id in (?)`, [ids])
    }
    const calls = await manager.execute(`delete from omnichannel_acquirer_call where created_at < ? returning id`, [callsBefore])
    return { reconciliations: old.length, acquirer_calls: (calls as unknown[]).length }
  }
}

/** The operations of these chains, oldest first, grouped by chain. */
async function operationsByChain(manager: SqlEntityManager, chainIds: string[]): Promise<Map<string, ReconcilableOperation[]>> {
  const rows: (ReconcilableOperation & { chain_id: string })[] = await manager.execute(
    `select id, chain_id, type, channel, method, status, amount::int as amount, parent_operation_id, acquirer_reference, created_at, updated_at,
            (metadata ->> 'offline') is not distinct from 'true' as offline
       from omnichannel_operation
      where chain_id in (?) and deleted_at is null
      order by created_at, id`,
    [chainIds]
  )
  const byChain = new Map<string, ReconcilableOperation[]>()
  for (const { chain_id, ...op } of rows) {
    const own = byChain.get(chain_id)
    if (own) own.push(op)
    else byChain.set(chain_id, [op])
  }
  return byChain
}
