import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { emitEventStep } from "@medusajs/medusa/core-flows"
import { applyStockMovementsStep } from "./steps/apply-stock-movements"
import { recordStockMovementsStep } from "./steps/record-stock-movements"
import { resolveStockEventItemsStep } from "./steps/resolve-stock-event-items"
import type { StockEventInput } from "./types"

export const STOCK_EVENT_RECEIVED = "omnichannel.stock.event_received"

/**
 * A till's count, adjustment or return at its stock location: recorded once per event id,
 * applied to Medusa's inventory at once (the till gets the new level back), then
 * `omnichannel.stock.event_received`.
 */
export const receiveStockEventWorkflow = createWorkflow(
  "omnichannel-receive-stock-event",
  (input: StockEventInput) => {
    const wanted = resolveStockEventItemsStep(input)
    const recorded = recordStockMovementsStep(wanted)
    const applied = applyStockMovementsStep({ movement_ids: transform({ recorded }, ({ recorded }) => recorded.map((m) => m.id)) })
    const result = transform({ input, applied }, ({ input, applied }) => ({
      event_id: input.event_id,
      type: input.type,
      sku: input.sku,
      quantity: input.quantity,
      stock_location_id: input.terminal.stock_location_id,
      movements: applied.map((m) => ({
        id: m.id,
        inventory_item_id: m.inventory_item_id,
        level_before: m.level_before,
        level_after: m.level_after,
        delta: m.delta,
        superseded_by_count: m.superseded_by_count,
        discrepancy: m.discrepancy,
      })),
    }))
    emitEventStep({
      eventName: STOCK_EVENT_RECEIVED,
      data: transform({ input, result }, ({ input, result }) => ({ ...result, terminal_id: input.terminal.id, occurred_at: input.occurred_at })),
    })
    return new WorkflowResponse(result)
  }
)
