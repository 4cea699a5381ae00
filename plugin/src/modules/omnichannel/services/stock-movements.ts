import type { Context, DAL } from "@medusajs/framework/types"
import { InjectManager, InjectTransactionManager, MedusaContext } from "@medusajs/framework/utils"
import type { SqlEntityManager } from "@medusajs/framework/mikro-orm/postgresql"
import type { StockMovementDTO } from "../dto"
import type { StockLevelSnapshot, StockMovementInput } from "../types"
import type { ModelService } from "../utils/model-service"
import StockMovement from "../models/stock-movement"
import { isUniqueViolation } from "../utils/unique-violation"
import type { TerminalOutbox } from "./terminal-outbox"

/** What the tills ask of Medusa's inventory, recorded once each and noted when applied. */
export class StockMovements {
  // Read by Medusa's @InjectTransactionManager.
  protected readonly baseRepository_: DAL.RepositoryService
  private readonly movements_: ModelService<typeof StockMovement>
  private readonly outbox_: TerminalOutbox

  constructor(cradle: Record<string, any>) {
    this.baseRepository_ = cradle.baseRepository
    this.movements_ = cradle.omnichannelStockMovementService
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
    const bySource = new Map((await this.baseRepository_.serialize<StockMovementDTO[]>(await this.movements_.list({ source_key: inputs.map((i) => i.source_key) }, {}, sharedContext))).map((r) => [r.source_key, r]))
    const missing = inputs.filter((i) => !bySource.has(i.source_key))
    const created: string[] = []
    if (missing.length) {
      try {
        for (const row of await this.baseRepository_.serialize<StockMovementDTO[]>(await this.movements_.create(missing.map((i) => ({ ...i, occurred_at: new Date(i.occurred_at) })), sharedContext))) {
          bySource.set(row.source_key, row)
          created.push(row.id)
        }
      } catch (err) {
        if (!isUniqueViolation(err)) throw err
        // A concurrent copy of the request recorded some of them first: one at a time, keeping theirs.
        for (const input of missing) {
          try {
            const row = await this.baseRepository_.serialize<StockMovementDTO>(await this.movements_.create({ ...input, occurred_at: new Date(input.occurred_at) }, sharedContext))
            bySource.set(row.source_key, row)
            created.push(row.id)
          } catch (again) {
            if (!isUniqueViolation(again)) throw again
            const [winner] = await this.baseRepository_.serialize<StockMovementDTO[]>(await this.movements_.list({ source_key: input.source_key }, {}, sharedContext))
            bySource.set(input.source_key, winner)
          }
        }
      }
    }
    return { movements: inputs.map((i) => bySource.get(i.source_key)!), created }
  }

  /**
   * When each (inventory item, location) was last counted, of the counts already applied:
   * a sale, return or adjustment that happened before is in that count, and applying it
   * again would count it twice. Keyed by `stockPairKey`.
   */
  @InjectManager()
  async latestAppliedCounts(inventoryItemIds: string[], @MedusaContext() sharedContext: Context = {}): Promise<Map<string, Date>> {
    if (!inventoryItemIds.length) return new Map()
    const manager = sharedContext.manager as SqlEntityManager
    const rows: { inventory_item_id: string; stock_location_id: string; last: Date }[] = await manager.execute(
      `select inventory_item_id, stock_location_id, max(occurred_at) as last from omnichannel_stock_movement
        where kind = 'count' and status = 'applied' and deleted_at is null and inventory_item_id in (?)
        group by inventory_item_id, stock_location_id`,
      [inventoryItemIds]
    )
    return new Map(rows.map((r) => [stockPairKey(r.inventory_item_id, r.stock_location_id), new Date(r.last)]))
  }

  /**
   * Notes that Medusa's levels now reflect the movements, in one transaction: each movement
   * once (the subscriber and the sweeper may race: a row changes only if nobody applied it
   * before); a level below zero flagged for the admin, and earlier flags closed once it is
   * back; and each location's new levels queued for its terminals with a webhook, the last
   * level of each item only. `results` in the order the movements were applied.
   */
  @InjectTransactionManager()
  async markStockMovementsApplied(results: StockMovementResult[], @MedusaContext() sharedContext: Context = {}): Promise<StockMovementDTO[]> {
    if (!results.length) return []
    const manager = sharedContext.transactionManager as SqlEntityManager
    // A flag is closed by a later level at or above zero of the same item and location.
    const resolvedLater = results.map((r, i) => results.slice(i + 1).some((n) => samePair(n, r) && n.level.stocked_quantity >= 0))
    const changed: { id: string; kind: string }[] = await manager.execute(
      `update omnichannel_stock_movement as m
          set status = 'applied', applied_at = now(), updated_at = now(), delta = v.delta, level_before = v.level_before,
              level_after = v.level_after, superseded_by_count = v.superseded, discrepancy = v.discrepancy,
              discrepancy_resolved_at = case when v.discrepancy and v.resolved then now() else m.discrepancy_resolved_at end
         from (values ${results.map(() => "(?, ?::integer, ?::integer, ?::integer, ?::boolean, ?::boolean, ?::boolean)").join(", ")})
              as v(id, delta, level_before, level_after, superseded, discrepancy, resolved)
        where m.id = v.id and m.status <> 'applied' and m.deleted_at is null
        returning m.id, m.kind`,
      results.flatMap((r, i) => [
        r.movement_id,
        r.delta,
        r.level_before,
        r.level.stocked_quantity,
        r.superseded_by_count,
        r.level.stocked_quantity < 0,
        resolvedLater[i],
      ])
    )
    const ids = results.map((r) => r.movement_id)
    const applied = inIdOrder(await this.baseRepository_.serialize<StockMovementDTO[]>(await this.movements_.list({ id: ids }, {}, sharedContext)), ids)
    if (!changed.length) return applied
    const done = new Set(changed.map((c) => c.id))
    const mine = results.filter((r) => done.has(r.movement_id))

    const backAtZero = lastPerPair(mine).filter((r) => mine.some((m) => samePair(m, r) && m.level.stocked_quantity >= 0))
    if (backAtZero.length) {
      await manager.execute(
        `update omnichannel_stock_movement set discrepancy_resolved_at = now(), updated_at = now()
          where (inventory_item_id, stock_location_id) in (${backAtZero.map(() => "(?, ?)").join(", ")})
            and discrepancy = true and discrepancy_resolved_at is null and deleted_at is null and id not in (?)`,
        [...backAtZero.flatMap((r) => [r.level.inventory_item_id, r.level.stock_location_id]), mine.map((r) => r.movement_id)]
      )
    }
    const kinds = new Map(changed.map((c) => [c.id, c.kind]))
    const levels = lastPerPair(mine.filter((r) => r.delta !== 0 || kinds.get(r.movement_id) === "count"))
    for (const location of new Set(levels.map((r) => r.level.stock_location_id))) {
      await this.outbox_.enqueueTerminalNotificationsForEach(
        "inventory.level_changed",
        levels.filter((r) => r.level.stock_location_id === location).map((r) => ({ ...r.level })),
        { stock_location_id: location },
        sharedContext
      )
    }
    return applied
  }

  /** Levels below zero after a till sale that nothing has corrected yet, newest first. */
  async listOpenStockDiscrepancies(filters: { stock_location_id?: string } = {}, sharedContext: Context = {}) {
    return await this.baseRepository_.serialize<StockMovementDTO[]>(await this.movements_.list(
      { discrepancy: true, discrepancy_resolved_at: null, ...filters },
      { order: { applied_at: "DESC" } },
      sharedContext
    ))
  }
}

/** What applying one movement did to Medusa's level. */
export type StockMovementResult = {
  movement_id: string
  level_before: number
  delta: number
  superseded_by_count: boolean
  level: StockLevelSnapshot
}

export const stockPairKey = (inventoryItemId: string, stockLocationId: string) => `${inventoryItemId}|${stockLocationId}`

const samePair = (a: StockMovementResult, b: StockMovementResult) =>
  a.level.inventory_item_id === b.level.inventory_item_id && a.level.stock_location_id === b.level.stock_location_id

/** The last result of each item and location. */
function lastPerPair(results: StockMovementResult[]): StockMovementResult[] {
  return [...new Map(results.map((r) => [stockPairKey(r.level.inventory_item_id, r.level.stock_location_id), r])).values()]
}

/** `rows` in the order of `ids`; ids without a row are left out. */
export function inIdOrder(rows: StockMovementDTO[], ids: string[]): StockMovementDTO[] {
  const byId = new Map(rows.map((r) => [r.id, r]))
  return ids.flatMap((id) => (byId.has(id) ? [byId.get(id)!] : []))
}
