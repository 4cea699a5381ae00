import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { emitEventStep } from "@medusajs/medusa/core-flows"
import type { OperationDTO, PaymentLinkDTO } from "../../modules/omnichannel/service"
import { recordOperationOnOrderStep } from "../payments/steps/record-operation-on-order"
import { PAYMENT_LINK_PAID } from "./create-payment-link"
import { markPaymentLinkPaidStep } from "./steps/mark-payment-link-paid"

/**
 * A link's payment that succeeded, whoever saw it first (the customer's request, their return
 * from 3-D Secure, the settle job, a cancel): a Medusa payment on the order (its outstanding
 * amount drops), the link paid, and `omnichannel.payment_link.paid` once.
 */
export const recordLinkPaymentWorkflow = createWorkflow(
  "omnichannel-record-link-payment",
  (input: { link: PaymentLinkDTO; operation: OperationDTO }) => {
    when({ input }, ({ input }) => !!input.link.order_id).then(() => {
      recordOperationOnOrderStep(transform({ input }, ({ input }) => ({ order_id: input.link.order_id!, operation: input.operation })))
    })
    const marked = markPaymentLinkPaidStep(transform({ input }, ({ input }) => ({ link_id: input.link.id, operation: input.operation })))
    when({ marked }, ({ marked }) => marked.newly_paid).then(() => {
      emitEventStep({
        eventName: PAYMENT_LINK_PAID,
        data: transform({ input }, ({ input }) => ({ id: input.link.id, operation_id: input.operation.id })),
      })
    })
    return new WorkflowResponse(transform({ marked }, ({ marked }) => marked.link))
  }
)
