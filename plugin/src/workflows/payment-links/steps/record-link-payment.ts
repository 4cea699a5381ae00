import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { OMNICHANNEL_MODULE } from "../../../modules/omnichannel"
import type OmnichannelModuleService from "../../../modules/omnichannel/service"
import type { OperationDTO, PaymentLinkDTO } from "../../../modules/omnichannel/service"
import { recordOperationOnOrder, undoRecordOperationOnOrder, type RecordedOnOrderUndo } from "../../payments/steps/record-operation-on-order"

/**
 * A link's payment that succeeded: a Medusa payment on its order (so the order's outstanding
 * amount drops by it), then the link marked paid by it, once. Marking is refused when the
 * link was paid by another payment or canceled: the order's payment is taken back and the
 * caller's compensation gives the money back.
 */
export const recordLinkPaymentStep = createStep(
  "omnichannel-record-link-payment",
  async (input: { link: PaymentLinkDTO; operation: OperationDTO }, { container }) => {
    const ledger = container.resolve<OmnichannelModuleService>(OMNICHANNEL_MODULE)
    const { link, operation } = input
    let undo: RecordedOnOrderUndo | undefined
    if (link.order_id && !operation.medusa_payment_id) {
      undo = (await recordOperationOnOrder(container, { order_id: link.order_id, operation })).undo
    }
    try {
      const paid = await ledger.markPaymentLinkPaid(link.id, operation.id)
      return new StepResponse({ link: paid, newly_paid: link.status !== "paid" }, undo)
    } catch (err) {
      if (undo) await undoRecordOperationOnOrder(container, undo)
      throw err
    }
  },
  async (undo, { container }) => {
    if (undo) await undoRecordOperationOnOrder(container, undo)
  }
)
