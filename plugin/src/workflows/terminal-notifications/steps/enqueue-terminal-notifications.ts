import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { OMNICHANNEL_MODULE } from "../../../modules/omnichannel"
import type { IOmnichannelModuleService } from "../../../modules/omnichannel/service"

export type TerminalNotification = {
  event_type: string
  payload: Record<string, unknown>
  /** Only the terminals at this location; all terminals when absent. */
  stock_location_id?: string
}

/** Queues notifications in the outbox for the terminals that have a webhook; undone by removing them. */
export const enqueueTerminalNotificationsStep = createStep(
  "omnichannel-enqueue-terminal-notifications",
  async (notifications: TerminalNotification[], { container }) => {
    const ledger = container.resolve<IOmnichannelModuleService>(OMNICHANNEL_MODULE)
    const ids: string[] = []
    for (const n of notifications) {
      const rows = await ledger.enqueueTerminalNotifications(n.event_type, n.payload, { stock_location_id: n.stock_location_id })
      ids.push(...rows.map((r) => r.id))
    }
    return new StepResponse(ids, ids)
  },
  async (ids, { container }) => {
    if (!ids?.length) return
    await container.resolve<IOmnichannelModuleService>(OMNICHANNEL_MODULE).softDeleteOmnichannelOutboxMessages(ids)
  }
)
