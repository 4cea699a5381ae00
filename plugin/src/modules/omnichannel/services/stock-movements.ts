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
    const rows: StockMovementDTO[] = []
    const created: string[] = []
    for (const input of inputs) {
      const [existing] = await this.movements_.list({ source_key: input.source_key }, {}, sharedContext)
      if (existing) {
        rows.push(existing)
        continue
      }
      try {
        const row = await this.movements_.create({ ...input, occurred_at: new Date(input.occurred_at) }, sharedContext)
        rows.push(row)
        created.push(row.id)
      } catch (err) {
        if (!isUniqueViolation(err)) throw err
        // The same change recorded at the same moment by a concurrent copy of the request.
        const [winner] = await this.movements_.list({ source_key: input.source_key }, {}, sharedContext)
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
    await manager.execute("select id from omnichannel_stock_movement where id = ? for update", [movementId])
    const movement = await this.movements_.retrieve(movementId, {}, sharedContext)
    if (movement.status === "applied") return movement

    const levelAfter = result.level.stocked_quantity
    const applied = await this.movements_.update(
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
      await this.outbox_.enqueueTerminalNotifications("inventory.level_changed", { ...result.level }, { stock_location_id: movement.stock_location_id }, sharedContext)
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
