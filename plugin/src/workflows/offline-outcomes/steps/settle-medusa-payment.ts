import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { Modules } from "@medusajs/framework/utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import { capturePaymentWorkflow } from "@medusajs/medusa/core-flows"
import { OmnichannelError } from "../../../errors/omnichannel-error"
import type { OperationDTO } from "../../../modules/omnichannel/service"
import { orderIdOfChain } from "../../common/order-of-chain"

/**
 * Medusa's payment of the offline card follows the outcome, through Medusa's own paths:
 * approved -> captured (core-flows' capture workflow: the capture and the order's
 * transaction, so paid_total counts it); declined -> canceled (the payment module), so the
 * order owes it again. Our provider answers both without asking the acquirer. A payment
 * already captured or canceled (an earlier run) is left as it is, except that a capture
 * whose run died before its order transaction gets that transaction now, and a capture
 * whose run died inside the payment module is undone and made again (see below).
 */
export const settleMedusaPaymentStep = createStep(
  "omnichannel-settle-offline-medusa-payment",
  async ({ operation }: { operation: OperationDTO }, { container }) => {
    if (!operation.medusa_payment_id) {
      throw new OmnichannelError("OPERATION_NOT_ALLOWED", `operation ${operation.id} has no Medusa payment to settle`)
    }
    const payments = container.resolve(Modules.PAYMENT)
    const [payment] = await payments.listPayments({ id: operation.medusa_payment_id }, { select: ["id", "captured_at", "canceled_at"] })
    if (operation.status === "succeeded") {
      if (!payment.captured_at) {
        await dropCapturesOfDeadRun(container, operation, payment.id)
        await capturePaymentWorkflow(container).run({ input: { payment_id: payment.id } })
        return new StepResponse("captured" as const)
      }
      const added = await addMissingCaptureTransactions(container, operation, payment.id)
      return new StepResponse(added ? ("captured" as const) : ("unchanged" as const))
    }
    if (operation.status === "failed" && !payment.canceled_at) {
      await payments.cancelPayment(payment.id)
      return new StepResponse("canceled" as const)
    }
    return new StepResponse("unchanged" as const)
  }
)

/**
 * Medusa's payment module commits a capture in its own transaction, then asks the provider,
 * then marks the payment captured; an instance killed between the two leaves a capture on a
 * payment not captured, and every capture after it is refused ("more than the authorized
 * amount"). Medusa deletes its capture itself when the provider call fails; we do the same
 * for one a dead run left (no order transaction books it), so the workflow captures anew.
 */
async function dropCapturesOfDeadRun(container: MedusaContainer, operation: OperationDTO, paymentId: string): Promise<void> {
  const { unbooked } = await capturesNotOnOrder(container, operation, paymentId)
  if (unbooked.length) await container.resolve(Modules.PAYMENT).deleteCaptures(unbooked.map((c) => c.id))
}

/** The order transaction core-flows' capture workflow adds for each capture (reference "capture", the capture's id), where one is missing. */
async function addMissingCaptureTransactions(container: MedusaContainer, operation: OperationDTO, paymentId: string): Promise<boolean> {
  const { orderId, unbooked } = await capturesNotOnOrder(container, operation, paymentId)
  if (!orderId || !unbooked.length) return false
  await container.resolve(Modules.ORDER).addOrderTransactions(
    unbooked.map((c) => ({
      order_id: orderId,
      amount: c.amount,
      currency_code: operation.currency_code.toLowerCase(),
      reference: "capture",
      reference_id: c.id,
    })) as never
  )
  return true
}

/** The payment's captures that no transaction of the chain's order books (all of them when the chain has no order). */
async function capturesNotOnOrder(container: MedusaContainer, operation: OperationDTO, paymentId: string) {
  const captures = await container.resolve(Modules.PAYMENT).listCaptures({ payment_id: paymentId }, { select: ["id", "amount"] })
  const orderId = captures.length ? await orderIdOfChain(container, operation.chain_id) : null
  const booked = orderId
    ? new Set((await container.resolve(Modules.ORDER).listOrderTransactions({ order_id: orderId, reference_id: captures.map((c) => c.id) })).map((t) => t.reference_id))
    : new Set<string>()
  return { orderId, unbooked: captures.filter((c) => !booked.has(c.id)) }
}
