import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import { OmnichannelError } from "../../../errors/omnichannel-error"
import { toMajor } from "../../../money"
import { OMNICHANNEL_MODULE } from "../../../modules/omnichannel"
import type OmnichannelModuleService from "../../../modules/omnichannel/service"
import type { OperationDTO } from "../../../modules/omnichannel/service"

/**
 * A payment already made on the chain becomes a Medusa payment of the order, in a payment
 * collection of exactly its amount (so an earlier deposit is never billed again), through
 * the omnichannel provider; a captured one also gets its order transaction, so Medusa's
 * order summary counts it as paid.
 */
export async function recordOperationOnOrder(
  container: MedusaContainer,
  { order_id, operation }: { order_id: string; operation: OperationDTO }
) {
  const payments = container.resolve(Modules.PAYMENT)
  const orders = container.resolve(Modules.ORDER)
  const link = container.resolve(ContainerRegistrationKeys.LINK)
  const ledger = container.resolve<OmnichannelModuleService>(OMNICHANNEL_MODULE)

  const [provider] = await payments.listPaymentProviders({ id: { $like: "pp_omnichannel_%" } as never, is_enabled: true })
  if (!provider) {
    throw new OmnichannelError("OPERATION_NOT_ALLOWED", "no omnichannel payment provider is registered with the payment module")
  }
  const currency = operation.currency_code.toLowerCase()
  const amount = toMajor(operation.amount, operation.currency_code)
  const collection = await payments.createPaymentCollections({ currency_code: currency, amount })
  const orderLink = {
    [Modules.ORDER]: { order_id },
    [Modules.PAYMENT]: { payment_collection_id: collection.id },
  }
  await link.create(orderLink)
  const session = await payments.createPaymentSession(collection.id, {
    provider_id: provider.id,
    currency_code: currency,
    amount,
    data: { recorded_operation_id: operation.id },
  })
  const payment = await payments.authorizePaymentSession(session.id, {})
  if (!payment) {
    throw new OmnichannelError("OPERATION_NOT_ALLOWED", `the payment session of operation ${operation.id} was not authorized`)
  }
  const [capture] = await payments.listCaptures({ payment_id: payment.id })
  if (capture) {
    await orders.addOrderTransactions({
      order_id,
      amount,
      currency_code: currency,
      reference: "capture",
      reference_id: capture.id,
    })
  }
  await ledger.updateOmnichannelOperations({ id: operation.id, medusa_payment_id: payment.id })
  return {
    result: { payment_id: payment.id, payment_collection_id: collection.id },
    undo: { order_id, collection_id: collection.id, capture_id: capture?.id, operation_id: operation.id, orderLink },
  }
}

export type RecordedOnOrderUndo = Awaited<ReturnType<typeof recordOperationOnOrder>>["undo"]

export async function undoRecordOperationOnOrder(container: MedusaContainer, undo: RecordedOnOrderUndo) {
    const orders = container.resolve(Modules.ORDER)
    if (undo.capture_id) {
      const txs = await orders.listOrderTransactions({ order_id: undo.order_id, reference_id: undo.capture_id })
      await orders.deleteOrderTransactions(txs.map((t) => t.id))
    }
    await container.resolve(ContainerRegistrationKeys.LINK).dismiss(undo.orderLink)
    await container.resolve(Modules.PAYMENT).deletePaymentCollections([undo.collection_id])
    await container
      .resolve<OmnichannelModuleService>(OMNICHANNEL_MODULE)
      .updateOmnichannelOperations({ id: undo.operation_id, medusa_payment_id: null })
}

export const recordOperationOnOrderStep = createStep(
  "omnichannel-record-operation-on-order",
  async (input: { order_id: string; operation: OperationDTO }, { container }) => {
    const { result, undo } = await recordOperationOnOrder(container, input)
    return new StepResponse(result, undo)
  },
  async (undo, { container }) => {
    if (undo) await undoRecordOperationOnOrder(container, undo)
  }
)
