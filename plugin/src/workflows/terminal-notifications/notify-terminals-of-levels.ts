import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { describeLevelsForTerminalsStep } from "./steps/describe-levels-for-terminals"
import { enqueueTerminalNotificationsStep } from "./steps/enqueue-terminal-notifications"

/**
 * Levels Medusa changed itself (an admin edit, a fulfillment, a received return): the
 * terminals at each level's location hear the new level. Changes the tills caused are
 * queued by the ledger together with the change, not here.
 */
export const notifyTerminalsOfLevelsWorkflow = createWorkflow(
  "omnichannel-notify-terminals-of-levels",
  (input: { level_ids: string[] }) => {
    const levels = describeLevelsForTerminalsStep(input)
    const queued = enqueueTerminalNotificationsStep(
      transform({ levels }, ({ levels }) =>
        levels.map((level) => ({ event_type: "inventory.level_changed", payload: level, stock_location_id: level.stock_location_id }))
      )
    )
    return new WorkflowResponse(queued)
  }
)
