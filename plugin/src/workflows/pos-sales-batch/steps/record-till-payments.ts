import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { OMNICHANNEL_MODULE } from "../../../modules/omnichannel"
import type { IOmnichannelModuleService } from "../../../modules/omnichannel/service"
import type { OperationInput } from "../../../modules/omnichannel/types"

/**
 * Every tender of the run's sales as a payment on its sale's chain, in one insert, under
 * ids derived from the sales (each keeps the idempotency key the single-sale workflow gives
 * it, so either path finds the other's).
 */
export const recordTillPaymentsStep = createStep(
  "omnichannel-record-till-payments",
  async ({ operations }: { operations: (OperationInput & { id: string; chain_id: string })[] }, { container }) => {
    const { operations: recorded, created } = await container.resolve<IOmnichannelModuleService>(OMNICHANNEL_MODULE).recordTillPayments(operations)
    return new StepResponse(recorded, created)
  },
  async (created, { container }) => {
    if (created?.length) await container.resolve<IOmnichannelModuleService>(OMNICHANNEL_MODULE).softDeleteOmnichannelOperations(created)
  }
)
