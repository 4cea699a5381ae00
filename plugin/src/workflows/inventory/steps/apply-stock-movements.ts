import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { Modules } from "@medusajs/framework/utils"
import type { InventoryLevelDTO, MedusaContainer } from "@medusajs/framework/types"
import { OMNICHANNEL_MODULE } from "../../../modules/omnichannel"
import type { IOmnichannelModuleService } from "../../../modules/omnichannel/service"
import type { StockMovementDTO } from "../../../modules/omnichannel/service"
import { inIdOrder, stockPairKey, type StockMovementResult } from "../../../modules/omnichannel/services/stock-movements"
import { inventoryUnits } from "../../common/inventory-units"

// Many tills selling one SKU at once queue on its lock; each holds it for a few queries.
const LOCK_WAIT_SECONDS = 120

// A sale takes units off the shelf; a return or an adjustment carries its own sign.
const signedChange = (movement: StockMovementDTO): number => (movement.kind === "sale" ? -movement.quantity : movement.quantity)

const pairOf = (m: { inventory_item_id: string; stock_location_id: string }) => stockPairKey(m.inventory_item_id, m.stock_location_id)

/**
 * Applies recorded movements, in the order given, to Medusa's inventory levels at their
 * locations. Under Medusa's locks on their inventory items (the keys Medusa's own inventory
 * steps take), so concurrent sales, counts and Medusa's reservations never lose an update;
 * movements already applied are left alone, so the subscriber and the sweeper may both try.
 * One lock scope, one read of the levels and one write of each level for all of them: a
 * sale's lines cost what one line does.
 */
export async function applyStockMovements(container: MedusaContainer, movementIds: string[]): Promise<StockMovementDTO[]> {
  const ledger = container.resolve<IOmnichannelModuleService>(OMNICHANNEL_MODULE)
  const listed = await ledger.listOmnichannelStockMovements({ id: movementIds })
  const pending = listed.filter((m) => m.status !== "applied")
  if (!pending.length) return inIdOrder(listed, movementIds)

  const inventory = container.resolve(Modules.INVENTORY)
  const keys = [...new Set(pending.map((m) => m.inventory_item_id))].sort()
  const applied = await container.resolve(Modules.LOCKING).execute(
    keys,
    async () => {
      // Read again under the locks: another run may have applied some meanwhile.
      const movements = inIdOrder(await ledger.listOmnichannelStockMovements({ id: pending.map((m) => m.id), status: { $ne: "applied" } }), movementIds)
      if (!movements.length) return null
      const items = [...new Set(movements.map((m) => m.inventory_item_id))]
      const levels = new Map<string, InventoryLevelDTO>()
      for (const level of await inventory.listInventoryLevels({ inventory_item_id: items, location_id: [...new Set(movements.map((m) => m.stock_location_id))] })) {
        levels.set(stockPairKey(level.inventory_item_id, level.location_id), level)
      }
      const missing = [...new Map(movements.filter((m) => !levels.has(pairOf(m))).map((m) => [pairOf(m), m])).values()]
      if (missing.length) {
        // The till sold or counted an item this location never stocked in Medusa.
        const created = await inventory.createInventoryLevels(
          missing.map((m) => ({ inventory_item_id: m.inventory_item_id, location_id: m.stock_location_id, stocked_quantity: 0 }))
        )
        for (const level of created) levels.set(stockPairKey(level.inventory_item_id, level.location_id), level)
      }

      // Each movement in turn, on the level the ones before it left.
      const running = new Map([...levels].map(([key, level]) => [key, inventoryUnits(level.stocked_quantity)]))
      const lastCount = await ledger.latestAppliedCounts(items)
      const results: (Omit<StockMovementResult, "level"> & { movement: StockMovementDTO; after: number })[] = []
      for (const movement of movements) {
        const key = pairOf(movement)
        const before = running.get(key)!
        const counted = lastCount.get(key)
        const superseded = movement.kind !== "count" && !!counted && counted > new Date(movement.occurred_at)
        const delta = movement.kind === "count" ? movement.quantity - before : superseded ? 0 : signedChange(movement)
        running.set(key, before + delta)
        if (movement.kind === "count" && (!counted || counted < new Date(movement.occurred_at))) lastCount.set(key, new Date(movement.occurred_at))
        results.push({ movement_id: movement.id, movement, level_before: before, delta, superseded_by_count: superseded, after: before + delta })
      }

      // Set under the items' locks, from the levels read under them: one write of each level, in one transaction.
      const changed = [...running].filter(([key, after]) => after !== inventoryUnits(levels.get(key)!.stocked_quantity))
      if (changed.length) {
        const updated = await inventory.updateInventoryLevels(
          changed.map(([key, after]) => ({ inventory_item_id: levels.get(key)!.inventory_item_id, location_id: levels.get(key)!.location_id, stocked_quantity: after }))
        )
        for (const level of updated) levels.set(stockPairKey(level.inventory_item_id, level.location_id), level)
      }
      return await ledger.markStockMovementsApplied(
        results.map(({ movement, after, ...result }) => {
          const reserved = inventoryUnits(levels.get(pairOf(movement))!.reserved_quantity)
          return {
            ...result,
            level: {
              stock_location_id: movement.stock_location_id,
              inventory_item_id: movement.inventory_item_id,
              sku: movement.sku,
              variant_id: movement.variant_id,
              stocked_quantity: after,
              reserved_quantity: reserved,
              available_quantity: after - reserved,
            },
          }
        })
      )
    },
    { timeout: LOCK_WAIT_SECONDS }
  )
  // Applied by another run while this one waited for the locks: as it left them.
  if (!applied) return inIdOrder(await ledger.listOmnichannelStockMovements({ id: movementIds }), movementIds)
  const byId = new Map(applied.map((m) => [m.id, m]))
  return inIdOrder(listed.map((m) => byId.get(m.id) ?? m), movementIds)
}

/**
 * Applies movements in order. No compensation: they report what already happened in
 * the shop, so a later failure does not put sold goods back on the shelf.
 */
export const applyStockMovementsStep = createStep(
  "omnichannel-apply-stock-movements",
  async ({ movement_ids }: { movement_ids: string[] }, { container }) => {
    return new StepResponse(await applyStockMovements(container, movement_ids))
  }
)
