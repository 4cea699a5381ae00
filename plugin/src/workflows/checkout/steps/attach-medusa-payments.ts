import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { OMNICHANNEL_MODULE } from "../../../modules/omnichannel"
import type { IOmnichannelModuleService } from "../../../modules/omnichannel/service"
import type { OrderChain } from "./find-order-chains"

/** Records which Medusa payment each chain's first operation became. */
export const attachMedusaPaymentsStep = createStep(
  "attach-medusa-payments",
  async (chains: OrderChain[], { container }) => {
    const ledger = container.resolve<IOmnichannelModuleService>(OMNICHANNEL_MODULE)
    const before = await ledger.listOmnichannelOperations({ id: chains.map((c) => c.operation_id) })
    if (chains.length) {
      await ledger.updateOmnichannelOperations(
        chains.map((c) => ({ id: c.operation_id, medusa_payment_id: c.medusa_payment_id }))
      )
    }
    return new StepResponse(
      undefined,
      before.map((op) => ({ id: op.id, medusa_payment_id: op.medusa_payment_id }))
    )
  },
  async (previous, { container }) => {
    if (!previous?.length) return
    const ledger = container.resolve<IOmnichannelModuleService>(OMNICHANNEL_MODULE)
    await ledger.updateOmnichannelOperations(previous)
  }
)
