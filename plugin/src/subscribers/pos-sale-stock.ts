import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { applyStockMovementsWorkflow } from "../workflows/inventory/apply-stock-movements"

/** Goods handed over at a till leave its stock location in Medusa's inventory. */
export default async function onPosSaleIngested({ event, container }: SubscriberArgs<{ stock_movement_ids?: string[]; stock_applied?: boolean }>) {
  // A sale of a batch: the batch applied its whole run's stock together.
  if (event.data.stock_applied) return
  const ids = event.data.stock_movement_ids ?? []
  if (ids.length) await applyStockMovementsWorkflow(container).run({ input: { movement_ids: ids } })
}

export const config: SubscriberConfig = {
  event: "omnichannel.pos_sale.ingested",
  context: { subscriberId: "omnichannel-pos-sale-stock" },
}
