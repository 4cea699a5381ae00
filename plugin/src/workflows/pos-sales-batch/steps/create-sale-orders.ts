import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { Modules } from "@medusajs/framework/utils"
import type { CreateOrderDTO } from "@medusajs/framework/types"
import { toMajor } from "../../../money"
import type { PlannedSale } from "../types"

export type SaleOrderInput = PlannedSale & { order_id: string; customer_id?: string; email?: string }

/**
 * The run's new in-store orders in ONE `createOrders` call, in the order the sales happened,
 * each under the id derived from its sale: those an earlier run made are left as they are.
 * The order and its lines carry the same metadata as the single-sale workflow's, so either
 * path finds the other's order.
 */
export const createSaleOrdersStep = createStep(
  "omnichannel-create-pos-sale-orders",
  async ({ orders }: { orders: SaleOrderInput[] }, { container }) => {
    const service = container.resolve(Modules.ORDER)
    const earlier = new Set((await service.listOrders({ id: orders.map((o) => o.order_id) }, { select: ["id"] })).map((o) => o.id))
    const missing = orders.filter((o) => !earlier.has(o.order_id))
    if (missing.length) await service.createOrders(missing.map(orderInput))
    return new StepResponse(
      orders.map((o) => o.order_id),
      missing.map((o) => o.order_id)
    )
  },
  async (created, { container }) => {
    if (created?.length) await container.resolve(Modules.ORDER).softDeleteOrders(created)
  }
)

function orderInput({ order_id, sale, lines, region_id, sales_channel_id, currency_code, customer_id, email }: SaleOrderInput): CreateOrderDTO {
  const terminal = sale.terminal
  return {
    // Medusa keeps an id it is given.
    id: order_id,
    region_id,
    sales_channel_id: sales_channel_id ?? undefined,
    customer_id,
    email,
    currency_code: currency_code.toLowerCase(),
    items: lines.map((l) => ({
      title: l.title,
      variant_id: l.variant_id,
      product_id: l.product_id,
      variant_sku: l.sku,
      quantity: l.quantity,
      unit_price: toMajor(l.unit_price, currency_code),
      requires_shipping: !l.fulfilled,
      metadata: { pos_sale_id: sale.sale_id, terminal_id: terminal.id as string, handed_over: l.fulfilled },
    })),
    metadata: { pos_sale_id: sale.sale_id, terminal_id: terminal.id as string, stock_location_id: terminal.stock_location_id as string },
  } as CreateOrderDTO
}
