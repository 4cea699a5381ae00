import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { orderIdOfChain } from "../order-of-chain"

/** The Medusa order a chain belongs to, if it has been linked to one. */
export const findChainOrderStep = createStep(
  "omnichannel-find-chain-order",
  async ({ chain_id }: { chain_id: string }, { container }) => {
    return new StepResponse(await orderIdOfChain(container, chain_id))
  }
)
