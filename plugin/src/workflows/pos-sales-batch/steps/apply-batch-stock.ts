import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { applyStockMovements } from "../../inventory/steps/apply-stock-movements"

/**
 * The run's handed-over goods leave the shop in Medusa's inventory together: one lock scope,
 * one read and one write of each level for the whole run (the single-sale path applies each
 * sale's from its event; the batch's events say these are applied). Not a reason to refuse
 * the sales: what this cannot apply the sweeper job applies later. No compensation: they
 * report what already happened in the shop.
 */
export const applyBatchStockStep = createStep(
  "omnichannel-apply-pos-sales-batch-stock",
  async ({ movement_ids }: { movement_ids: string[] }, { container }) => {
    if (!movement_ids.length) return new StepResponse(0)
    try {
      await applyStockMovements(container, movement_ids)
    } catch (err) {
      container.resolve(ContainerRegistrationKeys.LOGGER).warn(`omnichannel: a batch's stock movements are left to the sweeper: ${(err as Error).message}`)
    }
    return new StepResponse(movement_ids.length)
  }
)
