import { Modules } from "@medusajs/framework/utils"
import { createStep, createWorkflow, StepResponse, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { emitEventStep } from "@medusajs/medusa/core-flows"
import { OMNICHANNEL_MODULE, type IOmnichannelModuleService } from "../../modules/omnichannel"
import { isPaymentData } from "../../providers/omnichannel/payment-data"
import { orderIdOfChain } from "../common/order-of-chain"
import { REFUND_SUCCEEDED, type RefundSucceededData } from "./refund-chain"

export const ANNOUNCE_MEDUSA_REFUND = "omnichannel-announce-medusa-refund"

/**
 * What a refund made with Medusa's own refund button announces: the chain's refund the
 * provider recorded for it (under the Medusa refund's id as its reference). Null when
 * there is none that succeeded (not an omnichannel payment, or the refund failed).
 */
export const describeMedusaRefundStep = createStep(
  "omnichannel-describe-medusa-refund",
  async (input: { refund_id: string }, { container }) => {
    const [refund] = await container.resolve(Modules.PAYMENT).listRefunds({ id: input.refund_id }, { relations: ["payment"] })
    const data = refund?.payment?.data
    if (!isPaymentData(data)) return new StepResponse(null)
    const ledger = container.resolve<IOmnichannelModuleService>(OMNICHANNEL_MODULE)
    const [op] = await ledger.listOmnichannelOperations({ chain_id: data.chain_id, type: "refund", reference: refund.id, status: "succeeded" })
    if (!op) return new StepResponse(null)
    const event: RefundSucceededData = {
      payment_id: data.payment_id,
      order_id: await orderIdOfChain(container, data.chain_id),
      amount: op.amount,
      currency_code: op.currency_code,
      channel: "online",
      method: "card",
      operation_ids: [op.id],
    }
    return new StepResponse(event)
  }
)

/**
 * `omnichannel.refund.succeeded` for a refund made with Medusa's refund button (the
 * plugin's own refund workflow announces its refunds itself). Run once per Medusa refund:
 * its id is the transaction id, and the workflow is idempotent, so a `payment.refunded`
 * delivered again, or a later refund of the same payment, announces it no second time.
 */
export const announceMedusaRefundWorkflow = createWorkflow(
  // Kept long enough for any redelivery of the event; the confirmation email is also
  // sent once per refund operation whatever happens after (its idempotency key).
  { name: ANNOUNCE_MEDUSA_REFUND, idempotent: true, retentionTime: 30 * 24 * 60 * 60 },
  (input: { refund_id: string }) => {
    const event = describeMedusaRefundStep(input)
    when({ event }, ({ event }) => !!event).then(() => {
      emitEventStep({ eventName: REFUND_SUCCEEDED, data: event })
    })
    return new WorkflowResponse(event)
  }
)
