import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { OMNICHANNEL_MODULE } from "../../../modules/omnichannel"
import type { IOmnichannelModuleService } from "../../../modules/omnichannel/service"
import type { StockMovementInput } from "../../../modules/omnichannel/types"

/** Records the movements (once per source key); undone by removing those it created and nobody applied yet. */
export const recordStockMovementsStep = createStep(
  "omnichannel-record-stock-movements",
  async (inputs: StockMovementInput[], { container }) => {
    const ledger = container.resolve<IOmnichannelModuleService>(OMNICHANNEL_MODULE)
    const { movements, created } = await ledger.recordStockMovements(inputs)
    return new StepResponse(movements, created)
  },
  async (created, { container }) => {
    if (!created?.length) return
    const ledger = container.resolve<IOmnichannelModuleService>(OMNICHANNEL_MODULE)
    const pending = await ledger.listOmnichannelStockMovements({ id: created, status: "pending" }, { select: ["id"] })
    if (pending.length) await ledger.softDeleteOmnichannelStockMovements(pending.map((m) => m.id))
  }
)
