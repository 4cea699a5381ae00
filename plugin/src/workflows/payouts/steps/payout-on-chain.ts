import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { acquirerKeys, firstPaymentReference, runOnChain } from "../../../chain-payments/run-on-chain"
import { OMNICHANNEL_MODULE } from "../../../modules/omnichannel"
import type OmnichannelModuleService from "../../../modules/omnichannel/service"
import type { ChainDTO } from "../../../modules/omnichannel/service"

/**
 * Sends money to the chain's card beyond what was paid (a goodwill gesture, a price
 * adjustment). Needs an admin and a reason; the ledger refuses it otherwise.
 * No compensation: it is the last step, and money sent cannot be called back.
 */
export const payoutOnChainStep = createStep(
  "omnichannel-payout-on-chain",
  async (
    input: { chain: ChainDTO; amount: number; reason: string; actor_id: string; idempotency_key: string },
    { container }
  ) => {
    const ledger = container.resolve<OmnichannelModuleService>(OMNICHANNEL_MODULE)
    const reference = await firstPaymentReference(ledger, input.chain.id)
    const op = await runOnChain(
      ledger,
      input.chain.id,
      {
        type: "payout",
        channel: "online",
        amount: input.amount,
        currency_code: input.chain.currency_code,
        actor_id: input.actor_id,
        note: input.reason,
        idempotency_key: input.idempotency_key,
      },
      (pending) =>
        ledger.acquirer.payout({
          payment_id: input.chain.payment_id,
          reference,
          amount: input.amount,
          currency_code: input.chain.currency_code,
          ...acquirerKeys(pending),
        })
    )
    return new StepResponse(op)
  }
)
