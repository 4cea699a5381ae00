import type { MedusaContainer } from "@medusajs/framework/types"
import { deliverTerminalNotificationsWorkflow } from "../workflows/terminal-notifications/deliver-terminal-notifications"

/** Drains the outbox to the terminals' webhooks; due retries are picked up on a later run. */
export default async function deliverTerminalNotifications(container: MedusaContainer) {
  await deliverTerminalNotificationsWorkflow(container).run({ input: { limit: 50 } })
}

export const config = {
  name: "omnichannel-deliver-terminal-notifications",
  schedule: { interval: 1000 },
}
