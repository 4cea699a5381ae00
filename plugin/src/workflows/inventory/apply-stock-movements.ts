import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { applyStockMovementsStep } from "./steps/apply-stock-movements"

/** Applies recorded movements to Medusa's inventory; those already applied are skipped. */
export const applyStockMovementsWorkflow = createWorkflow(
  "omnichannel-apply-stock-movements",
  (input: { movement_ids: string[] }) => new WorkflowResponse(applyStockMovementsStep(input))
)
