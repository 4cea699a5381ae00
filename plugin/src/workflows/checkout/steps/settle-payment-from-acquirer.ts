import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { OMNICHANNEL_MODULE } from "../../../modules/omnichannel"
import type { IOmnichannelModuleService, OperationDTO } from "../../../modules/omnichannel/service"

export type SettlePaymentInput = { operation_id: string; abandon_before?: string | null }

/**
 * A pending first payment settled from the acquirer's word (the module's `settle`: 3-D
 * Secure the customer finished, or not, after leaving; an answer lost in an outage). One
 * still waiting, or that the acquirer cannot tell us about, past `abandon_before` is
 * cancelled at the acquirer and failed, so it cannot wait forever; a cancel that fails is
 * thrown and the payment left pending for the next run.
 * No compensation: a settlement records what the acquirer already did.
 */
export const settlePaymentFromAcquirerStep = createStep(
  "omnichannel-settle-payment-from-acquirer",
  async (input: SettlePaymentInput, { container }) => {
    const ledger = container.resolve<IOmnichannelModuleService>(OMNICHANNEL_MODULE)
    return new StepResponse<OperationDTO>(await ledger.settle(input.operation_id, { abandon_before: input.abandon_before }))
  }
)
