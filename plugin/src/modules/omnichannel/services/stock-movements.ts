import type { Context } from "@medusajs/framework/types"
import { InjectTransactionManager, MedusaContext } from "@medusajs/framework/utils"
import type { SqlEntityManager } from "@medusajs/framework/mikro-orm/postgresql"
import type { StockMovementDTO } from "../dto"
import type { StockLevelSnapshot, StockMovementInput } from "../types"
import { modelStore, type ModelStore } from "../utils/model-store"
import { isUniqueViolation } from "../utils/unique-violation"
import type { TerminalOutbox } from "./terminal-outbox"

/** What the tills ask of Medusa's inventory, recorded once each and noted when applied. */
export class StockMovements {
  // Read by Medusa's @InjectTransactionManager.
  protected readonly baseRepository_: unknown
  private readonly movements_: ModelStore<StockMovementDTO>
  private readonly outbox_: TerminalOutbox

  constructor(cradle: Record<string, any>) {
    this.baseRepository_ = cradle.baseRepository
    this.movements_ = modelStore(cradle, "OmnichannelStockMovement")
    this.outbox_ = cradle.terminalOutbox
  }

  /**
   * Records what a till asks of the inventory, once per `source_key`: a retried sale or
   * event gets back the rows of its first delivery. Returns them in input order, and
   * the ids of those this call created.
   */
  async recordStockMovements(
    inputs: StockMovementInput[],
    sharedContext: Context = {}
  ): Promise<{ movements: StockMovementDTO[]; created: string[] }> {
    if (!inputs.length) return { movements: [], created: [] }
    // One read and one insert for the whole sale, not one of each per line.
    const bySource = new Map((await this.movements_.list({ source_key: inputs.map((i) => i.source_key) }, {}, sharedContext)).map((r) => [r.source_key, r]))
    const missing = inputs.filter((i) => !bySource.has(i.source_key))
    const created: string[] = []
    if (missing.length) {
      try {
        for (const row of await this.movements_.create(missing.map((i) => ({ ...i, occurred_at: new Date(i.occurred_at) })), sharedContext)) {
          bySource.set(row.source_key, row)
          created.push(row.id)
        }
      } catch (err) {
        if (!isUniqueViolation(err)) throw err
        // A concurrent copy of the request recorded some of them first: one at a time, keeping theirs.
        for (const input of missing) {
          try {
            const row = await this.movements_.create({ ...input, occurred_at: new Date(input.occurred_at) }, sharedContext)
            bySource.set(row.source_key, row)
            created.push(row.id)
          } catch (again) {
            if (!isUniqueViolation(again)) throw again
            const [winner] = await this.movements_.list({ source_key: input.source_key }, {}, sharedContext)
            bySource.set(input.source_key, winner)
          }
        }
      }
    }
    return { movements: inputs.map((i) => bySource.get(i.source_key)!), created }
  }

  /**
   * A sale, return or adjustment that happened before the latest count of the item at
   * the location is already in that count: applying it again would count it twice.
   */
  async isCoveredByLaterCount(movement: StockMovementDTO, sharedContext: Context = {}): Promise<boolean> {
    if (movement.kind === "count") return false
    const [count] = await this.movements_.list(
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
    const levelAfter = result.level.stocked_quantity
    // Applied once: the row changes only if nobody applied it before (the subscriber and the sweeper may race).
    const changed = await manager.execute(
      `update omnichannel_stock_movement
          set status = 'applied', applied_at = now(), updated_at = now(), delta = ?, level_before = ?, level_after = ?,
              superseded_by_count = ?, discrepancy = ?
        where id = ? and status <> 'applied' and deleted_at is null
        returning id`,
      [result.delta, result.level_before, levelAfter, result.superseded_by_count, levelAfter < 0, movementId]
    )
    const applied = await this.movements_.retrieve(movementId, {}, sharedContext)
    if (!changed.length) return applied
    if (levelAfter >= 0) {
      await manager.execute(
        `update omnichannel_stock_movement set discrepancy_resolved_at = now(), updated_at = now()
          where inventory_item_id = ? and stock_location_id = ? and discrepancy = true
            and discrepancy_resolved_at is null and deleted_at is null`,
        [applied.inventory_item_id, applied.stock_location_id]
      )
    }
    if (result.delta !== 0 || applied.kind === "count") {
      await this.outbox_.enqueueTerminalNotifications("inventory.level_changed", { ...result.level }, { stock_location_id: applied.stock_location_id }, sharedContext)
    }
    return applied
  }

  /** Levels below zero after a till sale that nothing has corrected yet, newest first. */
  async listOpenStockDiscrepancies(filters: { stock_location_id?: string } = {}, sharedContext: Context = {}) {
    return await this.movements_.list(
      { discrepancy: true, discrepancy_resolved_at: null, ...filters },
      { order: { applied_at: "DESC" } },
      sharedContext
    )
  }
}
