import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import type { IPaymentModuleService, MedusaContainer } from "@medusajs/framework/types"
import { OmnichannelError } from "../../../errors/omnichannel-error"
import { toMajor } from "../../../money"
import { OMNICHANNEL_MODULE, type IOmnichannelModuleService } from "../../../modules/omnichannel"
import type { CardTokenDTO, ChainDTO, OperationDTO } from "../../../modules/omnichannel/dto"
import { findRecordedPayment, OPERATION_KEY, type FoundPayment } from "./recorded-payment"

/**
 * A payment already made on the chain becomes a Medusa payment of the order, in a payment
 * collection of exactly its amount (so an earlier deposit is never billed again), through
 * Medusa's payment module as a checkout makes one: a collection, a session of the
 * omnichannel provider naming the operation (`recorded_operation_id`: the provider
 * describes the operation, the acquirer is not asked), the session authorized (the
 * provider answers `captured` for a SALE, and Medusa then records the capture itself),
 * and for a capture the order transaction Medusa's capture flow adds, so the order's
 * summary counts it as paid.
 *
 * Medusa makes the ids; what ties its records to the operation is their data (the
 * collection's metadata, the session's and payment's `operation_id`). The collection is
 * linked to the order first, so a run cut short (its instance died) is found by the next
 * through the order and goes on from where it stopped. A run that fails removes what it made.
 */
export async function recordOperationOnOrder(
  container: MedusaContainer,
  { order_id, operation, fresh }: { order_id: string; operation: OperationDTO; fresh?: boolean }
) {
  const payments = container.resolve(Modules.PAYMENT)
  const orders = container.resolve(Modules.ORDER)
  const link = container.resolve(ContainerRegistrationKeys.LINK)
  const ledger = container.resolve<IOmnichannelModuleService>(OMNICHANNEL_MODULE)

  if (operation.status !== "succeeded" || (operation.type !== "payment" && operation.type !== "authorization")) {
    throw new OmnichannelError("OPERATION_NOT_ALLOWED", `operation ${operation.id} is not a succeeded payment`)
  }
  const currency = operation.currency_code.toLowerCase()
  const amount = toMajor(operation.amount, operation.currency_code)
  // An operation this run has just created (`fresh`) cannot have been recorded before.
  const found: FoundPayment = fresh ? {} : await findRecordedPayment(container, order_id, operation.id)
  const undo: RecordedOnOrderUndo = { order_id, operation_id: operation.id }
  try {
    let collectionId = found.collection_id
    if (!collectionId) {
      const collection = await payments.createPaymentCollections({ currency_code: currency, amount, metadata: { [OPERATION_KEY]: operation.id } })
      collectionId = collection.id
      undo.collection_id = collectionId
      await link.create(orderLink(order_id, collectionId))
    }
    const sessionId =
      found.session_id ??
      (
        await payments.createPaymentSession(collectionId, {
          provider_id: await omnichannelProviderId(payments),
          currency_code: currency,
          amount,
          data: { recorded_operation_id: operation.id },
        })
      ).id
    const paymentId = found.payment_id ?? (await authorizedPaymentId(payments, sessionId, operation.id))
    undo.collection_id = collectionId
    // The order transaction Medusa's capture flow would add, beside the operation's note of its Medusa payment.
    const orderTransaction = async () => {
      const [capture] = operation.type === "payment" ? await payments.listCaptures({ payment_id: paymentId }) : []
      undo.capture_id = capture?.id
      if (capture && (fresh || !(await orders.listOrderTransactions({ order_id, reference_id: capture.id })).length)) {
        await orders.addOrderTransactions({ order_id, amount, currency_code: currency, reference: "capture", reference_id: capture.id })
      }
    }
    await Promise.all([orderTransaction(), ledger.noteMedusaPayment(operation.id, paymentId)])
    return { result: { payment_id: paymentId, payment_collection_id: collectionId }, undo }
  } catch (err) {
    await undoRecordOperationOnOrder(container, undo)
    throw err
  }
}

/** The chain with its card token, which the payment's data describes. */
export type ChainWithToken = Omit<ChainDTO, "card_token"> & { card_token?: CardTokenDTO | null }

export type RecordedOnOrderUndo = { order_id: string; operation_id: string; collection_id?: string; capture_id?: string }

function orderLink(orderId: string, collectionId: string) {
  return { [Modules.ORDER]: { order_id: orderId }, [Modules.PAYMENT]: { payment_collection_id: collectionId } }
}

/** The session authorized with the provider (which reads the operation): Medusa makes the payment, and its capture for a SALE. */
async function authorizedPaymentId(payments: IPaymentModuleService, sessionId: string, operationId: string): Promise<string> {
  const payment = await payments.authorizePaymentSession(sessionId, {})
  if (!payment) {
    throw new OmnichannelError("OPERATION_NOT_ALLOWED", `the payment session of operation ${operationId} was not authorized`)
  }
  return payment.id
}

// The provider registered with the payment module does not change while the process runs.
let providerId: Promise<string> | undefined

async function omnichannelProviderId(payments: IPaymentModuleService): Promise<string> {
  providerId ??= payments.listPaymentProviders({ is_enabled: true }).then((providers) => {
    const provider = providers.find((p) => p.id.startsWith("pp_omnichannel_"))
    if (!provider) {
      providerId = undefined
      throw new OmnichannelError("OPERATION_NOT_ALLOWED", "no omnichannel payment provider is registered with the payment module")
    }
    return provider.id
  })
  return await providerId
}

/** Removes what recording the operation made: the order transaction, the link, the collection (with its session, payment and capture). */
export async function undoRecordOperationOnOrder(container: MedusaContainer, undo: RecordedOnOrderUndo) {
  const orders = container.resolve(Modules.ORDER)
  if (undo.capture_id) {
    const txs = await orders.listOrderTransactions({ order_id: undo.order_id, reference_id: undo.capture_id })
    if (txs.length) await orders.deleteOrderTransactions(txs.map((t) => t.id))
  }
  if (undo.collection_id) {
    await container.resolve(ContainerRegistrationKeys.LINK).dismiss(orderLink(undo.order_id, undo.collection_id))
    await container.resolve(Modules.PAYMENT).deletePaymentCollections([undo.collection_id])
  }
  await container.resolve<IOmnichannelModuleService>(OMNICHANNEL_MODULE).noteMedusaPayment(undo.operation_id, null)
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
