import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import type { StoreOrderNotice } from "../../../pos-client/client"

/** What a till needs to know of an order: its items by SKU and its payment ids. */
export const describeOrderForTerminalsStep = createStep(
  "omnichannel-describe-order-for-terminals",
  async ({ order_id }: { order_id: string }, { container }) => {
    const { data } = await container.resolve(ContainerRegistrationKeys.QUERY).graph({
      entity: "order",
      fields: ["id", "display_id", "status", "sales_channel_id", "items.variant_sku", "items.variant_id", "items.detail.quantity", "omnichannel_chains.payment_id"],
      filters: { id: order_id },
      withDeleted: true,
    })
    const order = data[0] as any
    if (!order) return new StepResponse<StoreOrderNotice | null>(null)
    return new StepResponse<StoreOrderNotice | null>({
      order_id: order.id,
      display_id: order.display_id ?? null,
      status: order.status,
      sales_channel_id: order.sales_channel_id ?? null,
      payment_ids: (order.omnichannel_chains ?? []).map((c: { payment_id: string }) => c.payment_id),
      items: (order.items ?? []).map((i: any) => ({ sku: i.variant_sku ?? null, variant_id: i.variant_id ?? null, quantity: Number(i.detail?.quantity ?? i.quantity) })),
    })
  }
)
