import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { linkOrderChainsWorkflow } from "../workflows/checkout/link-order-chains"

export default async function onOrderPlaced({ event, container }: SubscriberArgs<{ id: string }>) {
  await linkOrderChainsWorkflow(container).run({ input: { order_id: event.data.id } })
}

export const config: SubscriberConfig = { event: "order.placed" }
