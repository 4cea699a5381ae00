import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { Modules } from "@medusajs/framework/utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import { OMNICHANNEL_MODULE } from "../../../modules/omnichannel"
import type OmnichannelModuleService from "../../../modules/omnichannel/service"
import type { StockMovementDTO } from "../../../modules/omnichannel/service"
import type { StockLevelSnapshot } from "../../../modules/omnichannel/types"
import { inventoryUnits } from "../../common/inventory-units"

// Many tills selling one SKU at once queue on its lock; each holds it for a few queries.
const LOCK_WAIT_SECONDS = 120

// A sale takes units off the shelf; a return or an adjustment carries its own sign.
const signedChange = (movement: StockMovementDTO): number => (movement.kind === "sale" ? -movement.quantity : movement.quantity)

/**
 * Applies one recorded movement to Medusa's inventory level at its location. Under
 * Medusa's lock on the inventory item (the key Medusa's own inventory steps take), so
 * concurrent sales, counts and Medusa's reservations never lose an update; a movement
 * already applied is left alone, so the subscriber and the sweeper may both try.
 */
export async function applyStockMovement(container: MedusaContainer, movementId: string): Promise<StockMovementDTO> {
  const ledger = container.resolve<OmnichannelModuleService>(OMNICHANNEL_MODULE)
  const first = await ledger.retrieveOmnichannelStockMovement(movementId)
  if (first.status === "applied") return first

  const inventory = container.resolve(Modules.INVENTORY)
  const locking = container.resolve(Modules.LOCKING)
  return await locking.execute(
    first.inventory_item_id,
    async () => {
      const movement = await ledger.retrieveOmnichannelStockMovement(movementId)
      if (movement.status === "applied") return movement
      const where = { inventory_item_id: movement.inventory_item_id, location_id: movement.stock_location_id }

      let [level] = await inventory.listInventoryLevels(where)
      if (!level) {
        // The till sold or counted an item this location never stocked in Medusa.
        level = await inventory.createInventoryLevels({ ...where, stocked_quantity: 0 })
      }
      const before = inventoryUnits(level.stocked_quantity)
      const superseded = await ledger.isCoveredByLaterCount(movement)
      const delta = movement.kind === "count" ? movement.quantity - before : superseded ? 0 : signedChange(movement)
      if (delta !== 0) {
        level = await inventory.adjustInventory(movement.inventory_item_id, movement.stock_location_id, delta)
      }
      const stocked = inventoryUnits(level.stocked_quantity)
      const reserved = inventoryUnits(level.reserved_quantity)
      const snapshot: StockLevelSnapshot = {
        stock_location_id: movement.stock_location_id,
        inventory_item_id: movement.inventory_item_id,
        sku: movement.sku,
        variant_id: movement.variant_id,
        stocked_quantity: stocked,
        reserved_quantity: reserved,
        available_quantity: stocked - reserved,
      }
      return await ledger.markStockMovementApplied(movementId, {
        level_before: before,
        delta,
        superseded_by_count: superseded,
        level: snapshot,
      })
    },
    { timeout: LOCK_WAIT_SECONDS }
  )
}

/**
 * Applies movements in order. No compensation: they report what already happened in
 * the shop, so a later failure does not put sold goods back on the shelf.
 */
export const applyStockMovementsStep = createStep(
  "omnichannel-apply-stock-movements",
  async ({ movement_ids }: { movement_ids: string[] }, { container }) => {
    const applied: StockMovementDTO[] = []
    for (const id of movement_ids) {
      applied.push(await applyStockMovement(container, id))
    }
    return new StepResponse(applied)
  }
)
