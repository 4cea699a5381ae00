import type { MedusaContainer } from "@medusajs/framework/types"
import { runJobPass } from "../errors/lost-database-connection"
import { deliverTerminalNotificationsWorkflow } from "../workflows/terminal-notifications/deliver-terminal-notifications"

/** Drains the outbox to the terminals' webhooks; due retries are picked up on a later run. */
export default async function deliverTerminalNotifications(container: MedusaContainer) {
  await runJobPass(container, config.name, () => deliverTerminalNotificationsWorkflow(container).run({ input: { limit: 50 } }))
}

export const config = {
  name: "omnichannel-deliver-terminal-notifications",
  schedule: { interval: 1000 },
}
