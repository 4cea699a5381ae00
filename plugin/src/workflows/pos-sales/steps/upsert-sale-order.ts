import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { Modules } from "@medusajs/framework/utils"
import { toMajor } from "../../../money"
import { addSaleLinesByOrderEdit, undoSaleOrderEdit, type SaleOrderEdit } from "../sale-order-edit"
import type { RecognizedCustomer } from "../../customers/card-customers"
import type { PosSaleInput, SaleLine, SaleTarget } from "../types"

type Undo = { edit?: SaleOrderEdit; order_id?: string; customer_id?: string }

/**
 * The order of the sale: a new in-store order, or new lines on the order being merged
 * into through a Medusa order edit made by the terminal. Written through the order module,
 * so a sale is never refused for stock (the goods have left the shop); inventory follows
 * from the sale event.
 */
export const upsertSaleOrderStep = createStep(
  "omnichannel-upsert-sale-order",
  async (
    input: {
      sale: Pick<PosSaleInput, "sale_id" | "customer" | "terminal">
      lines: SaleLine[]
      target: SaleTarget
      /** The customer recognised by the sale's card, for a sale naming none. */
      recognized?: RecognizedCustomer | null
    },
    { container }
  ) => {
    const orders = container.resolve(Modules.ORDER)
    const customers = container.resolve(Modules.CUSTOMER)
    const lineInput = input.lines.map((l) => ({
      title: l.title,
      variant_id: l.variant_id,
      product_id: l.product_id,
      variant_sku: l.sku,
      quantity: l.quantity,
      unit_price: toMajor(l.unit_price, input.target.currency_code),
      requires_shipping: !l.fulfilled,
      metadata: { pos_sale_id: input.sale.sale_id, terminal_id: input.sale.terminal.id as string, handed_over: l.fulfilled },
    }))

    // A run cut short (its instance died) may have written already: take what it made.
    const mine = (metadata: Record<string, unknown> | null | undefined) =>
      metadata?.pos_sale_id === input.sale.sale_id && metadata?.terminal_id === input.sale.terminal.id

    if (input.target.order_id) {
      // Once per sale: the order edit finds an earlier run's change of this sale.
      const edit = await addSaleLinesByOrderEdit(container, {
        order_id: input.target.order_id,
        sale_id: input.sale.sale_id,
        terminal_id: input.sale.terminal.id as string,
        terminal_name: input.sale.terminal.name,
        lines: lineInput,
      })
      return new StepResponse({ order_id: input.target.order_id, created: false, customer_id: null as string | null }, { edit } as Undo)
    }

    const [earlier] = (
      await orders.listOrders({ metadata: { pos_sale_id: input.sale.sale_id, terminal_id: input.sale.terminal.id } } as never, { select: ["id", "metadata", "customer_id"] })
    ).filter((o) => mine(o.metadata))
    if (earlier) {
      return new StepResponse({ order_id: earlier.id, created: false, customer_id: earlier.customer_id ?? null }, {} as Undo)
    }

    let customerId: string | undefined = input.recognized?.customer_id
    let createdCustomer: string | undefined
    const email = input.sale.customer?.email?.toLowerCase() ?? input.recognized?.email ?? undefined
    if (email && !customerId) {
      const [existing] = await customers.listCustomers({ email })
      if (existing) {
        customerId = existing.id
      } else {
        const created = await customers.createCustomers({
          email,
          first_name: input.sale.customer?.first_name,
          last_name: input.sale.customer?.last_name,
        })
        customerId = createdCustomer = created.id
      }
    }
    const order = await orders.createOrders({
      region_id: input.target.region_id ?? undefined,
      sales_channel_id: input.target.sales_channel_id ?? undefined,
      customer_id: customerId,
      email,
      currency_code: input.target.currency_code.toLowerCase(),
      items: lineInput,
      metadata: {
        pos_sale_id: input.sale.sale_id,
        terminal_id: input.sale.terminal.id as string,
        stock_location_id: input.sale.terminal.stock_location_id as string,
      },
    })
    return new StepResponse({ order_id: order.id, created: true, customer_id: customerId ?? null }, { order_id: order.id, customer_id: createdCustomer } as Undo)
  },
  async (undo, { container }) => {
    if (!undo) return
    const orders = container.resolve(Modules.ORDER)
    if (undo.edit) {
      await undoSaleOrderEdit(container, undo.edit)
    }
    if (undo.order_id) {
      await orders.softDeleteOrders([undo.order_id])
    }
    if (undo.customer_id) {
      await container.resolve(Modules.CUSTOMER).deleteCustomers([undo.customer_id])
    }
  }
)
