import { model } from "@medusajs/framework/utils"

export const STOCK_MOVEMENT_KINDS = ["sale", "count", "adjustment", "return"] as const
export type StockMovementKind = (typeof STOCK_MOVEMENT_KINDS)[number]

/**
 * One change a till asked of Medusa's inventory at its stock location: a handed-over
 * sale line, a count, an adjustment or a return. Recorded first (`pending`), applied to
 * Medusa's inventory level under Medusa's lock on the inventory item, then `applied`
 * with the level before and after. `source_key` makes each change count once.
 */
const StockMovement = model
  .define("omnichannel_stock_movement", {
    id: model.id({ prefix: "ostk" }).primaryKey(),
    source_key: model.text().unique(),
    kind: model.enum([...STOCK_MOVEMENT_KINDS]),
    status: model.enum(["pending", "applied"]).default("pending"),
    terminal_id: model.text(),
    stock_location_id: model.text(),
    sku: model.text(),
    variant_id: model.text(),
    inventory_item_id: model.text(),
    // Units moved (signed for adjustments), or the level counted.
    quantity: model.number(),
    occurred_at: model.dateTime(),
    reference: model.text().nullable(),
    delta: model.number().nullable(),
    level_before: model.number().nullable(),
    level_after: model.number().nullable(),
    // A change that happened before a later count: the count already holds it.
    superseded_by_count: model.boolean().default(false),
    // The level went below zero: the till sold what Medusa did not think was there.
    discrepancy: model.boolean().default(false),
    discrepancy_resolved_at: model.dateTime().nullable(),
    applied_at: model.dateTime().nullable(),
  })
  .indexes([
    { name: "IDX_omnichannel_stock_movement_pending", on: ["status", "created_at"], where: "status = 'pending' AND deleted_at IS NULL" },
    { name: "IDX_omnichannel_stock_movement_item_location", on: ["inventory_item_id", "stock_location_id", "kind", "occurred_at"] },
    { name: "IDX_omnichannel_stock_movement_open_discrepancy", on: ["stock_location_id", "inventory_item_id"], where: "discrepancy = true AND discrepancy_resolved_at IS NULL AND deleted_at IS NULL" },
  ])

export default StockMovement
