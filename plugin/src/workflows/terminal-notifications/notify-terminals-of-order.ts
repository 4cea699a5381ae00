import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { describeOrderForTerminalsStep } from "./steps/describe-order-for-terminals"
import { enqueueTerminalNotificationsStep } from "./steps/enqueue-terminal-notifications"

/** An order placed or canceled: every terminal with a webhook hears of it (stock is promised or freed). */
export const notifyTerminalsOfOrderWorkflow = createWorkflow(
  "omnichannel-notify-terminals-of-order",
  (input: { order_id: string; event_type: "order.placed" | "order.canceled" }) => {
    const order = describeOrderForTerminalsStep({ order_id: input.order_id })
    const queued = enqueueTerminalNotificationsStep(
      transform({ input, order }, ({ input, order }) => (order ? [{ event_type: input.event_type, payload: order }] : []))
    )
    return new WorkflowResponse(queued)
  }
)
