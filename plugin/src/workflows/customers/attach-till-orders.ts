import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { findAnonymousTillOrdersStep } from "./steps/find-anonymous-till-orders"
import { transferTillOrdersStep } from "./steps/transfer-till-orders"

export type AttachTillOrdersInput = { customer_id: string; card_token_id: string }

/**
 * Option recognizeCustomers "by_card": when a customer keeps a card online, the till orders
 * paid with it earlier, anonymously, become theirs. Idempotent and resumable: an order
 * attached already is no longer anonymous, so a second run finds nothing to do, and a run
 * cut short is finished by the next (subscribers/attach-till-orders.ts on the card being
 * kept; jobs/attach-till-orders.ts for what the event did not reach).
 */
export const attachTillOrdersWorkflow = createWorkflow("omnichannel-attach-till-orders", (input: AttachTillOrdersInput) => {
  const found = findAnonymousTillOrdersStep(input)
  const outcomes = transferTillOrdersStep(found)
  return new WorkflowResponse(outcomes)
})
