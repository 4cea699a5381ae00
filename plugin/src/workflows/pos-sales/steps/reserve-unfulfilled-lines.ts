import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"

/**
 * Lines sold but not handed over (a deposit, ship later, click & collect) hold their stock
 * with Medusa's own reservations at the location that will hand them over, one per line;
 * Medusa removes them when the line is fulfilled or the order canceled. A sale is never
 * refused for stock: a location that does not stock the item gets no reservation (logged).
 */
export const reserveUnfulfilledLinesStep = createStep(
  "omnichannel-reserve-unfulfilled-lines",
  async (input: { any_unfulfilled: boolean; sale_id: string; terminal_id: string; order_id: string; location_id: string }, { container }) => {
    if (!input.any_unfulfilled) return new StepResponse([] as string[], [] as string[])
    const order = await container.resolve(Modules.ORDER).retrieveOrder(input.order_id, { relations: ["items"] })
    const lines = (order.items ?? []).filter(
      (item) =>
        item.metadata?.pos_sale_id === input.sale_id &&
        item.metadata?.terminal_id === input.terminal_id &&
        item.metadata?.handed_over === false &&
        item.variant_id
    )
    if (!lines.length) return new StepResponse([], [])

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
    const made: string[] = []
    for (const line of lines) {
      const variant = variantById.get(line.variant_id!) as any
      if (existing.has(line.id) || !variant?.manage_inventory) continue
      for (const item of variant.inventory_items ?? []) {
        try {
          const [reservation] = await inventory.createReservationItems([
            {
              line_item_id: line.id,
              inventory_item_id: item.inventory_item_id,
              location_id: input.location_id,
              quantity: Number(line.quantity) * (item.required_quantity ?? 1),
              description: `Till sale ${input.sale_id}`,
              metadata: { pos_sale_id: input.sale_id, terminal_id: input.terminal_id },
            },
          ])
          made.push(reservation.id)
        } catch (err) {
          container
            .resolve(ContainerRegistrationKeys.LOGGER)
            .warn(`omnichannel: no reservation for ${line.variant_sku ?? line.variant_id} of sale ${input.sale_id} at ${input.location_id}: ${(err as Error).message}`)
        }
      }
    }
    return new StepResponse(made, made)
  },
  async (made, { container }) => {
    if (made?.length) await container.resolve(Modules.INVENTORY).deleteReservationItems(made)
  }
)
