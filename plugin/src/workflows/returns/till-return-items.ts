import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { OmnichannelError } from "../../errors/omnichannel-error"
import type { StockMovementInput } from "../../modules/omnichannel/types"
import { variantsBySku, type SkuVariant } from "../common/variants-by-sku"

export type TillReturnItem = { sku: string; quantity: number; reason?: string }

/** One order line taking back part of a till return. */
export type ReturnAllocation = { line_id: string; sku: string; quantity: number; reason?: string; variant: SkuVariant }

type OrderLine = {
  id: string
  variant_sku: string | null
  variant_id: string | null
  quantity: unknown
  detail?: { return_requested_quantity?: unknown; return_received_quantity?: unknown; return_dismissed_quantity?: unknown; written_off_quantity?: unknown } | null
}

/**
 * Which lines of the order the returned units come from, checked before anything is
 * written: every SKU known (422 `UNKNOWN_SKU`), sold on this order (422
 * `ITEM_NOT_ON_ORDER`), and no more than was sold less what earlier returns took (422
 * `RETURN_EXCEEDS_SOLD`). Read under the chain's lock, so two returns of the last unit
 * cannot both pass.
 */
export async function allocateReturnItems(
  container: MedusaContainer,
  orderId: string | null,
  items: TillReturnItem[],
  /** Units an earlier run of this same return already took back, per line: still this return's to allocate. */
  alreadyThis: Map<string, number> = new Map()
): Promise<ReturnAllocation[]> {
  const variants = await variantsBySku(container, items.map((i) => i.sku))
  items.forEach((item, i) => {
    if (!variants.has(item.sku)) throw new OmnichannelError("UNKNOWN_SKU", `items.${i}.sku: no product variant has SKU ${item.sku}`, `items.${i}.sku`)
  })
  const lines = orderId ? await orderLines(container, orderId) : []
  const left = new Map(lines.map((l) => [l.id, returnable(l) + (alreadyThis.get(l.id) ?? 0)]))
  const allocations: ReturnAllocation[] = []
  items.forEach((item, i) => {
    const variant = variants.get(item.sku)!
    const candidates = lines.filter((l) => l.variant_sku === item.sku || l.variant_id === variant.id)
    if (!candidates.length) {
      throw new OmnichannelError("ITEM_NOT_ON_ORDER", `items.${i}.sku: ${item.sku} was not sold on this order`, `items.${i}.sku`)
    }
    let wanted = item.quantity
    for (const line of candidates) {
      const take = Math.min(wanted, left.get(line.id) ?? 0)
      if (take <= 0) continue
      left.set(line.id, (left.get(line.id) ?? 0) - take)
      allocations.push({ line_id: line.id, sku: item.sku, quantity: take, reason: item.reason, variant })
      wanted -= take
      if (!wanted) break
    }
    if (wanted > 0) {
      const could = item.quantity - wanted
      throw new OmnichannelError(
        "RETURN_EXCEEDS_SOLD",
        `items.${i}.quantity: ${item.quantity} of ${item.sku} asked back, but only ${could} sold on this order and not yet returned`,
        `items.${i}.quantity`
      )
    }
  })
  return allocations
}

/** The stock a received till return brings back at the terminal's location, once per return line and inventory item. */
export function returnStockMovements(
  returnId: string,
  allocations: ReturnAllocation[],
  at: { terminal_id: string; stock_location_id: string; reference: string }
): StockMovementInput[] {
  const occurred = new Date().toISOString()
  return allocations.flatMap((a) =>
    a.variant.inventory.map((inv) => ({
      source_key: `return:${returnId}:${a.line_id}:${inv.inventory_item_id}`,
      kind: "return" as const,
      terminal_id: at.terminal_id,
      stock_location_id: at.stock_location_id,
      sku: a.sku,
      variant_id: a.variant.id,
      inventory_item_id: inv.inventory_item_id,
      quantity: a.quantity * inv.required_quantity,
      occurred_at: occurred,
      reference: at.reference,
    }))
  )
}

async function orderLines(container: MedusaContainer, orderId: string): Promise<OrderLine[]> {
  const { data } = await container.resolve(ContainerRegistrationKeys.QUERY).graph({
    entity: "order",
    fields: ["items.id", "items.variant_sku", "items.variant_id", "items.quantity", "items.detail.*"],
    filters: { id: orderId },
  })
  return ((data[0] as { items?: OrderLine[] } | undefined)?.items ?? []).filter(Boolean)
}

/** Sold, less what returns asked for or took and what was written off. */
function returnable(line: OrderLine): number {
  const d = line.detail ?? {}
  return (
    Number(line.quantity) -
    Number(d.return_requested_quantity ?? 0) -
    Number(d.return_received_quantity ?? 0) -
    Number(d.return_dismissed_quantity ?? 0) -
    Number(d.written_off_quantity ?? 0)
  )
}
