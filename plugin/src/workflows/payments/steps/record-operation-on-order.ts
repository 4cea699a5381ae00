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
  { order_id, operation, fresh }: { order_id: string; operation: OperationDTO; fresh?: boolean }
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
  const orderLink = (collectionId: string) => ({
    [Modules.ORDER]: { order_id },
    [Modules.PAYMENT]: { payment_collection_id: collectionId },
  })
  // A run cut short (its instance died) may have got part of the way: go on from there.
  // An operation this run has just created (`fresh`) cannot have been recorded before.
  const earlier = fresh ? undefined : await recordedEarlier(container, order_id, operation.id)
  let collectionId = earlier?.collection_id
  let sessionId = earlier?.session_id
  if (!collectionId || !sessionId) {
    const collection = await payments.createPaymentCollections({ currency_code: currency, amount })
    collectionId = collection.id
    await link.create(orderLink(collectionId))
    const session = await payments.createPaymentSession(collectionId, {
      provider_id: provider.id,
      currency_code: currency,
      amount,
      data: { recorded_operation_id: operation.id },
    })
    sessionId = session.id
  }
  const payment = earlier?.payment_id ? await payments.retrievePayment(earlier.payment_id) : await payments.authorizePaymentSession(sessionId, {})
  if (!payment) {
    throw new OmnichannelError("OPERATION_NOT_ALLOWED", `the payment session of operation ${operation.id} was not authorized`)
  }
  const [capture] = await payments.listCaptures({ payment_id: payment.id })
  if (capture && !(await orders.listOrderTransactions({ order_id, reference_id: capture.id })).length) {
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
    result: { payment_id: payment.id, payment_collection_id: collectionId },
    undo: { order_id, collection_id: collectionId, capture_id: capture?.id, operation_id: operation.id, orderLink: orderLink(collectionId) },
  }
}

/** The payment collection and session an earlier run made for this operation on the order, if any. */
async function recordedEarlier(container: MedusaContainer, order_id: string, operation_id: string) {
  const { data } = await container.resolve(ContainerRegistrationKeys.QUERY).graph({
    entity: "order",
    fields: ["payment_collections.id", "payment_collections.payment_sessions.id", "payment_collections.payment_sessions.data", "payment_collections.payment_sessions.payment.id"],
    filters: { id: order_id },
  })
  type Session = { id: string; data?: Record<string, unknown> | null; payment?: { id: string } | null }
  const collections = ((data[0] as any)?.payment_collections ?? []) as { id: string; payment_sessions?: Session[] }[]
  for (const collection of collections) {
    // Before the provider described it, a session names the operation as `recorded_operation_id`; after, as `operation_id`.
    const session = collection.payment_sessions?.find(
      (s) => s?.data?.recorded_operation_id === operation_id || s?.data?.operation_id === operation_id
    )
    if (session) return { collection_id: collection.id, session_id: session.id, payment_id: session.payment?.id }
  }
  return undefined
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
