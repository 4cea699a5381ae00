import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { Modules } from "@medusajs/framework/utils"
import { capturePaymentWorkflow } from "@medusajs/medusa/core-flows"
import { OmnichannelError } from "../../../errors/omnichannel-error"
import type { OperationDTO } from "../../../modules/omnichannel/service"

/**
 * Medusa's payment of the offline card follows the outcome, through Medusa's own paths:
 * approved -> captured (core-flows' capture workflow: the capture and the order's
 * transaction, so paid_total counts it); declined -> canceled (the payment module), so the
 * order owes it again. Our provider answers both without asking the acquirer. A payment
 * already captured or canceled (an earlier run) is left as it is.
 */
export const settleMedusaPaymentStep = createStep(
  "omnichannel-settle-offline-medusa-payment",
  async ({ operation }: { operation: OperationDTO }, { container }) => {
    if (!operation.medusa_payment_id) {
      throw new OmnichannelError("OPERATION_NOT_ALLOWED", `operation ${operation.id} has no Medusa payment to settle`)
    }
    const payments = container.resolve(Modules.PAYMENT)
    const [payment] = await payments.listPayments({ id: operation.medusa_payment_id }, { select: ["id", "captured_at", "canceled_at"] })
    if (operation.status === "succeeded" && !payment.captured_at) {
      await capturePaymentWorkflow(container).run({ input: { payment_id: payment.id } })
      return new StepResponse("captured" as const)
    }
    if (operation.status === "failed" && !payment.canceled_at) {
      await payments.cancelPayment(payment.id)
      return new StepResponse("canceled" as const)
    }
    return new StepResponse("unchanged" as const)
  }
)
