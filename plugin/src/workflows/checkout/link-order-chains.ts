import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { createRemoteLinkStep, emitEventStep } from "@medusajs/medusa/core-flows"
import { CARD_KEPT } from "../customers/events"
import { Modules } from "@medusajs/framework/utils"
import { OMNICHANNEL_MODULE } from "../../modules/omnichannel"
import { findOrderChainsStep } from "./steps/find-order-chains"
import { attachMedusaPaymentsStep } from "./steps/attach-medusa-payments"

/**
 * When an order is placed: link it to the chains its omnichannel payments opened, note
 * the Medusa payment on each chain, and keep the card for the customer when they agreed.
 */
export const linkOrderChainsWorkflow = createWorkflow(
  "omnichannel-link-order-chains",
  (input: { order_id: string }) => {
    const chains = findOrderChainsStep({ order_id: input.order_id })
    const links = transform({ chains }, ({ chains }) => [
      ...chains.map((c) => ({
        [Modules.ORDER]: { order_id: c.order_id },
        [OMNICHANNEL_MODULE]: { omnichannel_chain_id: c.chain_id },
      })),
      // Kept cards only: the customer agreed to credentials on file.
      ...chains
        .filter((c) => c.cof && c.customer_id && c.card_token_id)
        .map((c) => ({
          [Modules.CUSTOMER]: { customer_id: c.customer_id },
          [OMNICHANNEL_MODULE]: { omnichannel_card_token_id: c.card_token_id },
        })),
    ])
    createRemoteLinkStep(links)
    // Each kept card: the customer's earlier anonymous till orders with it may be theirs (subscribers/attach-till-orders.ts).
    emitEventStep({
      eventName: CARD_KEPT,
      data: transform({ chains }, ({ chains }) =>
        chains.filter((c) => c.cof && c.customer_id && c.card_token_id).map((c) => ({ customer_id: c.customer_id, card_token_id: c.card_token_id }))
      ),
    })
    attachMedusaPaymentsStep(chains)
    return new WorkflowResponse(chains)
  }
)
