import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { ContainerRegistrationKeys, MathBN, Modules } from "@medusajs/framework/utils"
import type { MedusaContainer } from "@medusajs/framework/types"

/** What the sale's answer says of the stock held for it. */
export type SaleReservation = { sku: string | null; location_id: string; quantity: number; backordered: boolean }

/**
 * Lines sold but not handed over (a deposit, ship later, click & collect) hold their stock
 * with Medusa's own reservations at the location that will hand them over, one per line and
 * inventory item; Medusa removes them when the line is fulfilled or the order canceled. A
 * sale is never refused for stock: where the location has too little, or does not stock the
 * item yet (its level is made, at 0), the reservation is backordered, never skipped.
 */
export const reserveUnfulfilledLinesStep = createStep(
  "omnichannel-reserve-unfulfilled-lines",
  async (input: { any_unfulfilled: boolean; sale_id: string; terminal_id: string; order_id: string; location_id: string }, { container }) => {
    const none = new StepResponse({ reservations: [] as SaleReservation[] }, [] as string[])
    if (!input.any_unfulfilled) return none
    const order = await container.resolve(Modules.ORDER).retrieveOrder(input.order_id, { relations: ["items"] })
    const lines = (order.items ?? []).filter(
      (item) =>
        item.metadata?.pos_sale_id === input.sale_id &&
        item.metadata?.terminal_id === input.terminal_id &&
        item.metadata?.handed_over === false &&
        item.variant_id
    )
    if (!lines.length) return none

    const inventory = container.resolve(Modules.INVENTORY)
    // A run cut short may have reserved already.
    const existing = new Set(
      (await inventory.listReservationItems({ line_item_id: lines.map((l) => l.id) }, { select: ["line_item_id"] })).map((r) => r.line_item_id)
    )
    const { data: variants } = await container.resolve(ContainerRegistrationKeys.QUERY).graph({
      entity: "variant",
      fields: ["id", "manage_inventory", "inventory_items.inventory_item_id", "inventory_items.required_quantity"],
      filters: { id: [...new Set(lines.map((l) => l.variant_id!))] },
    })
    const variantById = new Map(variants.map((v: any) => [v.id, v]))
    const wanted = lines.flatMap((line) => {
      const variant = variantById.get(line.variant_id!) as any
      if (existing.has(line.id) || !variant?.manage_inventory) return []
      return (variant.inventory_items ?? []).map((item: { inventory_item_id: string; required_quantity?: number }) => ({
        line,
        inventory_item_id: item.inventory_item_id,
        quantity: Number(line.quantity) * (item.required_quantity ?? 1),
      }))
    })
    const available = await availableAt(container, wanted.map((w) => w.inventory_item_id), input.location_id)
    const made = wanted.length
      ? await inventory.createReservationItems(
          wanted.map((w) => {
            const left = available.get(w.inventory_item_id) ?? 0
            available.set(w.inventory_item_id, left - w.quantity)
            // Always allowed to go short: stock taken by another sale since the read never refuses this one.
            return {
              line_item_id: w.line.id,
              inventory_item_id: w.inventory_item_id,
              location_id: input.location_id,
              quantity: w.quantity,
              allow_backorder: true,
              description: `Till sale ${input.sale_id}`,
              metadata: { pos_sale_id: input.sale_id, terminal_id: input.terminal_id, backordered: left < w.quantity },
            }
          })
        )
      : []
    const skuOf = new Map(lines.map((l) => [l.id, l.variant_sku ?? null]))
    const all = await inventory.listReservationItems({ line_item_id: lines.map((l) => l.id) })
    const reservations = all.map((r) => ({
      sku: skuOf.get(r.line_item_id as string) ?? null,
      location_id: r.location_id,
      quantity: Number(r.quantity),
      backordered: r.metadata?.backordered === true,
    }))
    return new StepResponse({ reservations }, made.map((r) => r.id))
  },
  async (made, { container }) => {
    if (made?.length) await container.resolve(Modules.INVENTORY).deleteReservationItems(made)
  }
)

/** What each item has available at the location; an item the location does not stock gets a level at 0 first. */
async function availableAt(container: MedusaContainer, itemIds: string[], locationId: string) {
  const inventory = container.resolve(Modules.INVENTORY)
  const ids = [...new Set(itemIds)]
  const available = new Map<string, number>()
  if (!ids.length) return available
  const levels = await inventory.listInventoryLevels({ inventory_item_id: ids, location_id: locationId })
  for (const level of levels) available.set(level.inventory_item_id, Number(MathBN.convert(level.available_quantity)))
  const unstocked = ids.filter((id) => !available.has(id))
  if (unstocked.length) {
    // Another sale may make the same level at the same moment: theirs is as good.
    await inventory
      .createInventoryLevels(unstocked.map((id) => ({ inventory_item_id: id, location_id: locationId, stocked_quantity: 0 })))
      .catch(async (err) => {
        if ((await inventory.listInventoryLevels({ inventory_item_id: unstocked, location_id: locationId })).length < unstocked.length) throw err
      })
    for (const id of unstocked) available.set(id, 0)
  }
  return available
}
