import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { OmnichannelError } from "../../../errors/omnichannel-error"
import type { StockMovementInput } from "../../../modules/omnichannel/types"
import { variantsBySku } from "../../common/variants-by-sku"
import type { StockEventInput } from "../types"

const KIND_OF_EVENT = {
  "stock.counted": "count",
  "stock.adjusted": "adjustment",
  "item.returned": "return",
} as const

/** The movements one till event asks for: one per inventory item of the SKU's variant. */
export const resolveStockEventItemsStep = createStep(
  "omnichannel-resolve-stock-event-items",
  async (event: StockEventInput, { container }) => {
    const variant = (await variantsBySku(container, [event.sku])).get(event.sku)
    if (!variant) {
      throw new OmnichannelError("UNKNOWN_SKU", `sku: unknown SKU "${event.sku}"`, "sku")
    }
    if (!variant.inventory.length) {
      throw new OmnichannelError("OPERATION_NOT_ALLOWED", `sku: Medusa does not manage inventory for "${event.sku}"`, "sku")
    }
    const kind = KIND_OF_EVENT[event.type]
    return new StepResponse(
      variant.inventory.map(
        (item): StockMovementInput => ({
          source_key: `event:${event.terminal.id}:${event.event_id}:${item.inventory_item_id}`,
          kind,
          terminal_id: event.terminal.id,
          stock_location_id: event.terminal.stock_location_id,
          sku: event.sku,
          variant_id: variant.id,
          inventory_item_id: item.inventory_item_id,
          quantity: event.quantity * item.required_quantity,
          occurred_at: event.occurred_at,
          reference: event.event_id,
        })
      )
    )
  }
)
