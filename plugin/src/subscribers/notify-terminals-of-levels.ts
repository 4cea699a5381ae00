import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { notifyTerminalsOfLevelsWorkflow } from "../workflows/terminal-notifications/notify-terminals-of-levels"

/** A level Medusa changed itself (admin edit, fulfillment, received return) reaches the tills at its location. */
export default async function notifyTerminalsOfLevels({ event, container }: SubscriberArgs<{ id: string }>) {
  if (event.data?.id) {
    await notifyTerminalsOfLevelsWorkflow(container).run({ input: { level_ids: [event.data.id] } })
  }
}

export const config: SubscriberConfig = {
  event: ["inventory-level.created", "inventory-level.updated"],
  context: { subscriberId: "omnichannel-notify-terminals-of-levels" },
}
