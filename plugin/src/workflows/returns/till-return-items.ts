import type { MedusaContainer } from "@medusajs/framework/types"
import { MathBN, Modules } from "@medusajs/framework/utils"
import { OmnichannelError } from "../../errors/omnichannel-error"
import type { StockMovementInput } from "../../modules/omnichannel/types"
import { variantsBySku, type SkuVariant } from "../common/variants-by-sku"

export type TillReturnItem = { sku: string; quantity: number; reason?: string }

/** One order line taking back part of a till return. */
export type ReturnAllocation = { line_id: string; sku: string; quantity: number; reason?: string; variant: SkuVariant }

/**
 * The allocations, and the units of lines handed over at a till that Medusa does not yet see
 * as fulfilled: Medusa takes back only fulfilled units, so those are registered fulfilled first.
 */
export type ReturnPlan = { allocations: ReturnAllocation[]; to_fulfill: { id: string; quantity: number }[] }

type OrderLine = {
  id: string
  variant_sku: string | null
  variant_id: string | null
  quantity: unknown
  metadata?: Record<string, unknown> | null
  detail?: {
    fulfilled_quantity?: unknown
    return_requested_quantity?: unknown
    return_received_quantity?: unknown
    return_dismissed_quantity?: unknown
  } | null
}

/**
 * Which lines of the order the returned units come from, checked before anything is
 * written: every SKU known (422 `UNKNOWN_SKU`), sold on this order (422
 * `ITEM_NOT_ON_ORDER`), and no more than was handed over (fulfilled online, or handed over
 * at a till) less what earlier returns took (422 `RETURN_EXCEEDS_SOLD`). Read under the
 * chain's lock, so two returns of the last unit cannot both pass.
 */
export async function allocateReturnItems(
  container: MedusaContainer,
  orderId: string | null,
  items: TillReturnItem[],
  /** Units an earlier run of this same return already took back, per line: still this return's to allocate. */
  alreadyThis: Map<string, number> = new Map()
): Promise<ReturnPlan> {
  const variants = await variantsBySku(container, items.map((i) => i.sku))
  items.forEach((item, i) => {
    if (!variants.has(item.sku)) throw new OmnichannelError("UNKNOWN_SKU", `items.${i}.sku: no product variant has SKU ${item.sku}`, `items.${i}.sku`)
  })
  const lines = orderId ? await orderLines(container, orderId) : []
  const left = new Map(lines.map((l) => [l.id, returnable(l) + (alreadyThis.get(l.id) ?? 0)]))
  const allocations: ReturnAllocation[] = []
  const taken = new Set<string>()
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
      taken.add(line.id)
      wanted -= take
      if (!wanted) break
    }
    if (wanted > 0) {
      const could = item.quantity - wanted
      throw new OmnichannelError(
        "RETURN_EXCEEDS_SOLD",
        `items.${i}.quantity: ${item.quantity} of ${item.sku} asked back, but only ${could} handed over on this order and not yet returned`,
        `items.${i}.quantity`
      )
    }
  })
  // A line handed over at a till left the shop whole: Medusa records all of it fulfilled.
  const to_fulfill = lines.flatMap((line) => {
    const missing = units(line.quantity) - units(line.detail?.fulfilled_quantity)
    return taken.has(line.id) && line.metadata?.handed_over === true && missing > 0 ? [{ id: line.id, quantity: missing }] : []
  })
  return { allocations, to_fulfill }
}

/** The stock a received till return brings back at the terminal's location, once per return line and inventory item. */
export function returnStockMovements(
  returnId: string,
  allocations: ReturnAllocation[],
  at: { terminal_id: string; stock_location_id: string; reference: string }
): StockMovementInput[] {
  const occurred = new Date().toISOString()
  return allocations.flatMap((a, i) =>
    a.variant.inventory.map((inv) => ({
      // By position too: the same line may come back twice in one return (two reasons).
      source_key: `return:${returnId}:${i}:${a.line_id}:${inv.inventory_item_id}`,
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
  // The order module's own view: the current version's quantities on each line's `detail`.
  const order = await container.resolve(Modules.ORDER).retrieveOrder(orderId, { relations: ["items", "items.detail"] })
  return ((order.items ?? []) as unknown as (OrderLine & { line_item_metadata?: Record<string, unknown> | null })[]).map((l) => ({
    ...l,
    metadata: l.metadata ?? l.line_item_metadata ?? null,
  }))
}

/** Handed over (fulfilled, or sold at a till and taken away), less what returns asked for or took. */
function returnable(line: OrderLine): number {
  const d = line.detail ?? {}
  const handedOver = line.metadata?.handed_over === true ? units(line.quantity) : units(d.fulfilled_quantity)
  return (
    handedOver -
    units(d.return_requested_quantity) -
    units(d.return_received_quantity) -
    units(d.return_dismissed_quantity)
  )
}

/** A quantity as Query answers it: a number, or a BigNumber object (`{ value, numeric }`). */
function units(v: unknown): number {
  return Number(MathBN.convert((v as { value?: string } | null)?.value ?? (v as number | string | null) ?? 0).toString())
}
