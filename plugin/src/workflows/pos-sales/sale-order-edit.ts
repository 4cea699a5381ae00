import type { CreateOrderLineItemDTO, MedusaContainer } from "@medusajs/framework/types"
import { ChangeActionType, Modules, OrderChangeStatus } from "@medusajs/framework/utils"
import { finishEarlierOrderChange, makeConfirmedOrderChange } from "../common/order-changes"

export type SaleOrderEdit = { order_id: string; order_change_id: string | null; line_ids: string[] }

/**
 * Till lines added to an order that exists go through Medusa's order-change machinery, as
 * an admin's order edit would: new line items, an `edit` change made by the terminal with
 * one ITEM_ADD action each, confirmed at once. Medusa then raises the order's version,
 * recomputes its summary and shows the edit in the order's activity. Not Medusa's order-edit
 * workflows: they check stock (a till sale is never refused for stock, the goods have left)
 * and bill the difference through a new payment collection (the till already took the money).
 *
 * Once per sale: a run cut short finds its change and finishes it (or makes it again).
 */
export async function addSaleLinesByOrderEdit(
  container: MedusaContainer,
  input: { order_id: string; sale_id: string; terminal_id: string; terminal_name?: string | null; lines: CreateOrderLineItemDTO[] }
): Promise<SaleOrderEdit> {
  const orders = container.resolve(Modules.ORDER)
  const done: SaleOrderEdit = { order_id: input.order_id, order_change_id: null, line_ids: [] }
  const mine = (m: Record<string, unknown>) => m.pos_sale_id === input.sale_id && m.terminal_id === input.terminal_id
  if (await finishEarlierOrderChange(orders, { order_id: input.order_id, change_type: "edit" }, mine, input.lines.length, input.terminal_id)) {
    return done
  }
  if (!input.lines.length) return done

  // Line items of no order yet: the confirmed ITEM_ADD actions put them on it.
  const lines = await orders.createOrderLineItems(input.lines)
  done.line_ids = lines.map((l) => l.id)
  done.order_change_id = await makeConfirmedOrderChange(
    orders,
    {
      order_id: input.order_id,
      change_type: "edit",
      created_by: input.terminal_id,
      description: `Till sale ${input.sale_id}${input.terminal_name ? ` at ${input.terminal_name}` : ""}`,
      internal_note: `Added at the till ${input.terminal_name ?? input.terminal_id}`,
      metadata: { pos_sale_id: input.sale_id, terminal_id: input.terminal_id },
    },
    lines.map((line, i) => ({
      action: ChangeActionType.ITEM_ADD,
      details: {
        reference_id: line.id,
        quantity: input.lines[i].quantity,
        unit_price: input.lines[i].unit_price,
        metadata: input.lines[i].metadata,
      },
    }))
  )
  return done
}

/**
 * Takes a sale's order edit back (a later step of the sale failed): the order's last version,
 * only while it is still this edit's (a change made since by someone else is never reverted:
 * the lines then stay, and the sale's retry finds its edit done); and lines never put on it.
 */
export async function undoSaleOrderEdit(container: MedusaContainer, edit: SaleOrderEdit) {
  const orders = container.resolve(Modules.ORDER)
  if (edit.order_change_id) {
    const [change] = await orders.listOrderChanges({ id: edit.order_change_id }, { select: ["id", "status", "version"] })
    const order = await orders.retrieveOrder(edit.order_id, { select: ["id", "version"] })
    if (change?.status === OrderChangeStatus.CONFIRMED) {
      if (order.version !== change.version) return
      // Medusa soft-deletes the version and its change: a retry makes the edit again.
      await orders.revertLastVersion(edit.order_id)
    } else if (change) {
      await orders.cancelOrderChange(change.id)
    }
  }
  if (edit.line_ids.length) await orders.deleteOrderLineItems(edit.line_ids)
}
