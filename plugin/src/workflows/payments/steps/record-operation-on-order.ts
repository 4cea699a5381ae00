import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import type { IPaymentModuleService, MedusaContainer } from "@medusajs/framework/types"
import { OmnichannelError } from "../../../errors/omnichannel-error"
import { toMajor } from "../../../money"
import { OMNICHANNEL_MODULE } from "../../../modules/omnichannel"
import type { IOmnichannelModuleService } from "../../../modules/omnichannel/service"
import type { CardTokenDTO, ChainDTO, OperationDTO } from "../../../modules/omnichannel/service"
import { describePayment, paidStatus, type OmnichannelPaymentData } from "../../../providers/omnichannel/payment-data"

/**
 * A payment already made on the chain becomes a Medusa payment of the order, in a payment
 * collection of exactly its amount (so an earlier deposit is never billed again), through
 * the omnichannel provider; a captured one also gets its capture and order transaction, so
 * Medusa's order summary counts it as paid.
 *
 * The payment was made already (at a till, or by the plugin on the chain): asking the
 * provider to authorize and capture it again, as a checkout does, would only read back what
 * we know. So the collection, session, payment and capture are written as Medusa's own flow
 * leaves them, in one call to the payment module (one transaction), under ids derived from
 * the operation's: a retry finds them, and two runs cannot make two.
 */
export async function recordOperationOnOrder(
  container: MedusaContainer,
  { order_id, operation, fresh, chain }: { order_id: string; operation: OperationDTO; fresh?: boolean; chain?: ChainWithToken }
) {
  const payments = container.resolve(Modules.PAYMENT)
  const orders = container.resolve(Modules.ORDER)
  const link = container.resolve(ContainerRegistrationKeys.LINK)
  const ledger = container.resolve<IOmnichannelModuleService>(OMNICHANNEL_MODULE)

  // A card approved offline at a till is recorded at once, as authorized (held, not paid), until its outcome.
  const offlinePending = operation.status === "pending" && operation.type === "payment" && !!operation.metadata?.offline
  if ((operation.status !== "succeeded" && !offlinePending) || (operation.type !== "payment" && operation.type !== "authorization")) {
    throw new OmnichannelError("OPERATION_NOT_ALLOWED", `operation ${operation.id} is not a succeeded payment`)
  }
  const currency = operation.currency_code.toLowerCase()
  const amount = toMajor(operation.amount, operation.currency_code)
  const orderLink = (collectionId: string) => ({
    [Modules.ORDER]: { order_id },
    [Modules.PAYMENT]: { payment_collection_id: collectionId },
  })
  // A run cut short (its instance died) may have got part of the way: go on from there.
  // An operation this run has just created (`fresh`) cannot have been recorded before.
  let recorded = fresh ? undefined : await recordedEarlier(container, order_id, operation.id)
  if (!recorded) {
    const owner = chain ?? (await ledger.retrieveOmnichannelChain(operation.chain_id, { relations: ["card_token"] }))
    recorded = await writeMedusaPayment(payments, {
      ids: medusaRecordIds(operation.id),
      provider_id: await omnichannelProviderId(payments),
      currency_code: currency,
      amount,
      captured: paidStatus(operation) === "captured",
      data: describePayment(owner, operation, owner.card_token ?? null),
    })
  }
  const { collection_id, payment_id, capture_id } = recorded
  // Idempotent: the link module upserts.
  await link.create(orderLink(collection_id))
  if (capture_id && (fresh || !(await orders.listOrderTransactions({ order_id, reference_id: capture_id })).length)) {
    await orders.addOrderTransactions({
      order_id,
      amount,
      currency_code: currency,
      reference: "capture",
      reference_id: capture_id,
    })
  }
  await ledger.noteMedusaPayment(operation.id, payment_id)
  return {
    result: { payment_id, payment_collection_id: collection_id },
    undo: { order_id, collection_id, capture_id, operation_id: operation.id, orderLink: orderLink(collection_id) },
  }
}

/**
 * `recordOperationOnOrder` for many payments at once (a till's batch of sales), each on its
 * own order: one read of the Medusa payments an earlier run made (under the ids derived from
 * the operations'), one `createPaymentCollections` for the others, one `link.create` for all
 * the order links, one read and one `addOrderTransactions` for the captures, one note of the
 * Medusa payment ids on the operations. Every call finds what an earlier run wrote.
 */
export async function recordOperationsOnOrders(
  container: MedusaContainer,
  entries: { order_id: string; operation: OperationDTO; chain: ChainWithToken }[]
): Promise<{ results: { payment_id: string; payment_collection_id: string }[]; undo: RecordedOnOrdersUndo }> {
  const undo: RecordedOnOrdersUndo = { collection_ids: [], transaction_ids: [], links: [], operation_ids: [] }
  if (!entries.length) return { results: [], undo }
  const payments = container.resolve(Modules.PAYMENT)
  const orders = container.resolve(Modules.ORDER)
  for (const { operation } of entries) {
    const offlinePending = operation.status === "pending" && operation.type === "payment" && !!operation.metadata?.offline
    if ((operation.status !== "succeeded" && !offlinePending) || operation.type !== "payment") {
      throw new OmnichannelError("OPERATION_NOT_ALLOWED", `operation ${operation.id} is not a succeeded payment`)
    }
  }
  const planned = entries.map((e) => ({
    ...e,
    ids: medusaRecordIds(e.operation.id),
    amount: toMajor(e.operation.amount, e.operation.currency_code),
    currency: e.operation.currency_code.toLowerCase(),
    captured: paidStatus(e.operation) === "captured",
  }))
  const earlier = new Set((await payments.listPayments({ id: planned.map((p) => p.ids.payment) }, { select: ["id"] })).map((p) => p.id))
  const missing = planned.filter((p) => !earlier.has(p.ids.payment))
  if (missing.length) {
    const providerId = await omnichannelProviderId(payments)
    await payments.createPaymentCollections(
      missing.map((p) =>
        medusaPaymentRecords({
          ids: p.ids,
          provider_id: providerId,
          currency_code: p.currency,
          amount: p.amount,
          captured: p.captured,
          data: describePayment(p.chain, p.operation, p.chain.card_token ?? null),
        })
      ) as never
    )
    undo.collection_ids = missing.map((p) => p.ids.collection)
  }
  undo.links = planned.map((p) => ({ [Modules.ORDER]: { order_id: p.order_id }, [Modules.PAYMENT]: { payment_collection_id: p.ids.collection } }))
  // Idempotent: the link module upserts.
  await container.resolve(ContainerRegistrationKeys.LINK).create(undo.links)
  const captures = planned.filter((p) => p.captured)
  if (captures.length) {
    // Payments this run made have no transaction yet; only an earlier run's may.
    const resumed = captures.filter((p) => earlier.has(p.ids.payment))
    const booked = new Set(
      resumed.length ? (await orders.listOrderTransactions({ reference_id: resumed.map((p) => p.ids.capture) }, { select: ["reference_id"] })).map((t) => t.reference_id) : []
    )
    const toBook = captures.filter((p) => !booked.has(p.ids.capture))
    if (toBook.length) {
      const made = await orders.addOrderTransactions(
        toBook.map((p) => ({ order_id: p.order_id, amount: p.amount, currency_code: p.currency, reference: "capture", reference_id: p.ids.capture }))
      )
      undo.transaction_ids = (Array.isArray(made) ? made : [made]).map((t) => t.id)
    }
  }
  await container
    .resolve<IOmnichannelModuleService>(OMNICHANNEL_MODULE)
    .noteMedusaPayments(planned.map((p) => ({ operation_id: p.operation.id, medusa_payment_id: p.ids.payment })))
  undo.operation_ids = planned.map((p) => p.operation.id)
  return { results: planned.map((p) => ({ payment_id: p.ids.payment, payment_collection_id: p.ids.collection })), undo }
}

export type RecordedOnOrdersUndo = {
  collection_ids: string[]
  transaction_ids: string[]
  links: Record<string, Record<string, string>>[]
  operation_ids: string[]
}

/** Removes what one `recordOperationsOnOrders` call made. */
export async function undoRecordOperationsOnOrders(container: MedusaContainer, undo: RecordedOnOrdersUndo) {
  if (undo.transaction_ids.length) await container.resolve(Modules.ORDER).deleteOrderTransactions(undo.transaction_ids)
  if (undo.links.length) await container.resolve(ContainerRegistrationKeys.LINK).dismiss(undo.links)
  if (undo.collection_ids.length) await container.resolve(Modules.PAYMENT).deletePaymentCollections(undo.collection_ids)
  const ledger = container.resolve<IOmnichannelModuleService>(OMNICHANNEL_MODULE)
  for (const id of undo.operation_ids) await ledger.noteMedusaPayment(id, null)
}

/** The chain with its card token, which the payment's data describes. */
export type ChainWithToken = Omit<ChainDTO, "card_token"> & { card_token?: CardTokenDTO | null }

type RecordedPayment = { collection_id: string; payment_id: string; capture_id?: string }

/** The Medusa records of one operation: the operation id's unique part under Medusa's own prefixes. */
function medusaRecordIds(operationId: string) {
  const unique = operationId.slice(operationId.indexOf("_") + 1)
  return { collection: `pay_col_${unique}`, session: `payses_${unique}`, payment: `pay_${unique}`, capture: `capt_${unique}` }
}

/** Collection, authorized session, payment and (for a capture) its capture, in one transaction of the payment module. */
async function writeMedusaPayment(payments: IPaymentModuleService, p: MedusaPaymentRecord): Promise<RecordedPayment> {
  await payments.createPaymentCollections(medusaPaymentRecords(p) as never)
  return { collection_id: p.ids.collection, payment_id: p.ids.payment, capture_id: p.captured ? p.ids.capture : undefined }
}

type MedusaPaymentRecord = { ids: ReturnType<typeof medusaRecordIds>; provider_id: string; currency_code: string; amount: number; captured: boolean; data: OmnichannelPaymentData }

/** The collection, as Medusa's own flow leaves it after authorizing (and, for a capture, capturing) its session. */
function medusaPaymentRecords(p: MedusaPaymentRecord) {
  const now = new Date()
  const data = p.data as unknown as Record<string, unknown>
  return {
    id: p.ids.collection,
    currency_code: p.currency_code,
    amount: p.amount,
    // What Medusa's own bookkeeping (after authorizing and capturing a session) would set.
    status: p.captured ? "completed" : "authorized",
    authorized_amount: p.amount,
    captured_amount: p.captured ? p.amount : 0,
    refunded_amount: 0,
    completed_at: p.captured ? now : null,
    payment_sessions: [
      { id: p.ids.session, provider_id: p.provider_id, currency_code: p.currency_code, amount: p.amount, status: "authorized", authorized_at: now, data },
    ],
    payments: [
      {
        id: p.ids.payment,
        provider_id: p.provider_id,
        currency_code: p.currency_code,
        amount: p.amount,
        data,
        payment_session: p.ids.session,
        captured_at: p.captured ? now : null,
        captures: p.captured ? [{ id: p.ids.capture, amount: p.amount }] : [],
      },
    ],
  }
}

// The provider registered with the payment module does not change while the process runs.
let providerId: Promise<string> | undefined

async function omnichannelProviderId(payments: IPaymentModuleService): Promise<string> {
  providerId ??= payments.listPaymentProviders({ id: { $like: "pp_omnichannel_%" } as never, is_enabled: true }).then(([provider]) => {
    if (!provider) {
      providerId = undefined
      throw new OmnichannelError("OPERATION_NOT_ALLOWED", "no omnichannel payment provider is registered with the payment module")
    }
    return provider.id
  })
  return await providerId
}

/**
 * The Medusa payment an earlier run made for this operation, if any: under the derived ids,
 * or (made before they were derived) found through the order's sessions; a session an
 * older run left unauthorized is authorized now, as that run would have.
 */
async function recordedEarlier(container: MedusaContainer, order_id: string, operation_id: string): Promise<RecordedPayment | undefined> {
  const payments = container.resolve(Modules.PAYMENT)
  const ids = medusaRecordIds(operation_id)
  const [derived] = await payments.listPayments({ id: ids.payment }, { relations: ["captures"] })
  if (derived) return { collection_id: ids.collection, payment_id: derived.id, capture_id: derived.captures?.[0]?.id }

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
    if (!session) continue
    const payment = session.payment?.id ? await payments.retrievePayment(session.payment.id) : await payments.authorizePaymentSession(session.id, {})
    if (!payment) {
      throw new OmnichannelError("OPERATION_NOT_ALLOWED", `the payment session of operation ${operation_id} was not authorized`)
    }
    const [capture] = await payments.listCaptures({ payment_id: payment.id })
    return { collection_id: collection.id, payment_id: payment.id, capture_id: capture?.id }
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
      .resolve<IOmnichannelModuleService>(OMNICHANNEL_MODULE)
      .noteMedusaPayment(undo.operation_id, null)
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
