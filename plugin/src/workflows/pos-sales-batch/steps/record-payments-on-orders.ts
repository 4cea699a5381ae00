import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import type { OperationDTO } from "../../../modules/omnichannel/service"
import { recordOperationsOnOrders, undoRecordOperationsOnOrders, type ChainWithToken } from "../../payments/steps/record-operation-on-order"

/** The run's payments as Medusa payments of their orders, in one call per kind of record (see recordOperationsOnOrders). */
export const recordPaymentsOnOrdersStep = createStep(
  "omnichannel-record-till-payments-on-orders",
  async ({ entries }: { entries: { order_id: string; operation: OperationDTO; chain: ChainWithToken }[] }, { container }) => {
    const { results, undo } = await recordOperationsOnOrders(container, entries)
    return new StepResponse(results, undo)
  },
  async (undo, { container }) => {
    if (undo) await undoRecordOperationsOnOrders(container, undo)
  }
)
