import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { OMNICHANNEL_MODULE } from "../../../modules/omnichannel"
import type { ChainDTO, IOmnichannelModuleService } from "../../../modules/omnichannel/service"

/**
 * Sends money to the chain's card beyond what was paid (a goodwill gesture, a price
 * adjustment). Needs an admin and a reason; the ledger refuses it otherwise.
 * No compensation: it is the last step, and money sent cannot be called back.
 */
export const payoutOnChainStep = createStep(
  "omnichannel-payout-on-chain",
  async (
    { chain, ...input }: { chain: ChainDTO; amount: number; reason: string; actor_id: string; idempotency_key: string },
    { container }
  ) => {
    const op = await container.resolve<IOmnichannelModuleService>(OMNICHANNEL_MODULE).payout({ chain_id: chain.id, ...input })
    return new StepResponse(op)
  }
)
