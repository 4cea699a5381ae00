import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { notifyTerminalsOfOrderWorkflow } from "../workflows/terminal-notifications/notify-terminals-of-order"

/** The tills hear that a canceled order's stock is free again. */
export default async function onOrderCanceled({ event, container }: SubscriberArgs<{ id: string }>) {
  await notifyTerminalsOfOrderWorkflow(container).run({ input: { order_id: event.data.id, event_type: "order.canceled" } })
}

export const config: SubscriberConfig = { event: "order.canceled" }
