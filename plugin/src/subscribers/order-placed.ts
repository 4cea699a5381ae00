import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { linkOrderChainsWorkflow } from "../workflows/checkout/link-order-chains"
import { notifyTerminalsOfOrderWorkflow } from "../workflows/terminal-notifications/notify-terminals-of-order"

/** Links the order to its chains, then tells the tills (after, so the notice carries the payment ids). */
export default async function onOrderPlaced({ event, container }: SubscriberArgs<{ id: string }>) {
  await linkOrderChainsWorkflow(container).run({ input: { order_id: event.data.id } })
  await notifyTerminalsOfOrderWorkflow(container).run({ input: { order_id: event.data.id, event_type: "order.placed" } })
}

export const config: SubscriberConfig = { event: "order.placed" }
