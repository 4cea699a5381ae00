import BigNumberJS from "bignumber.js"
import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { exponentOf } from "../../plugin/src/money"

/**
 * DESIGN 7.1's invariant, for one Medusa order the plugin touched: Medusa's order tells the
 * same story as the chain(s) linked to it. Three checks, each a table of named figures in
 * minor units so that a failure names the figure and shows both values:
 *
 * 1. Medusa's STORED summary (order_summary of the order's current version) equals what
 *    Medusa COMPUTES from the order: `current_order_total` = the order's total from its
 *    items, shipping and credit lines (the order module's own totals), and from its
 *    transactions `paid_total` (Σ positive), `refunded_total` (Σ |negative|),
 *    `transaction_total`, `pending_difference` = total − transactions. (Not
 *    `credit_line_total`: Medusa stores there only the credit lines of the version's own
 *    change, see OrderChangeProcessing.processActions, so it is not a running total.)
 * 2. Summary `paid_total` = the chains' paid (+ payments through other providers);
 *    `refunded_total` = the chains' refunds of the order's payments, since a refund that is
 *    no refund of a payment (store credit, a new gift card, cash where no cash was paid) is
 *    a negative order credit line, in a credit_line change naming the refund's key:
 *    Σ |negative credit lines| = those refunds, and every store-credit or gift-card refund is one.
 * 3. Per tender: Medusa's captured payments by tender = the chains' paid by method;
 *    Medusa's refunds by kind = the chains' refunds by method; what Medusa holds
 *    (authorized, not captured, not canceled) = what the chains hold; a card payment is
 *    refunded in Medusa only by card refunds, and card refunds land only on card payments.
 */
export async function expectBooksAgree(container: MedusaContainer, orderId: string) {
  const books = await readBooks(container, orderId)
  const where = `books of order ${orderId} (${books.currency})`
  const diff = (actual: Record<string, unknown>, expected: Record<string, unknown>) => {
    const differing = Object.keys({ ...expected, ...actual }).filter((k) => JSON.stringify(actual[k]) !== JSON.stringify(expected[k]))
    const only = (table: Record<string, unknown>) => Object.fromEntries(differing.map((k) => [k, table[k]]))
    return [only(actual), only(expected)]
  }
  const [stored, computed] = diff(books.stored, books.computed)
  const [medusa, chains] = diff(books.medusa, books.chains)
  // Only the figures that differ, under the check's title: "-" expected, "+" what Medusa has.
  expect({ [`${where}: stored summary vs what Medusa computes`]: stored, [`${where}: Medusa vs the chains`]: medusa }).toEqual({
    [`${where}: stored summary vs what Medusa computes`]: computed,
    [`${where}: Medusa vs the chains`]: chains,
  })
  return books
}

/** Money refunded in kind: Medusa records it as a (negative) order credit line, not as a refund of a payment. */
export const IN_KIND_METHODS = ["store_credit", "gift_card"] as const

type Money = number | string | { numeric?: number; value?: string } | null | undefined
type Operation = { id: string; type: string; method?: string | null; status: string; amount: number; medusa_payment_id?: string | null; idempotency_key?: string | null }
type Chain = { id: string; payment_id: string; currency_code: string; operations: Operation[]; totals: { paid: number; refunded: number; authorized: number } }
type MedusaPayment = {
  id: string
  provider_id: string
  amount: Money
  canceled_at?: string | null
  data?: Record<string, unknown> | null
  captures?: { amount: Money }[]
  refunds?: { id: string; amount: Money; metadata?: { omnichannel?: { method?: string } } | null }[]
}

/** Everything the three checks compare, read through Medusa's own modules and the plugin's module. */
export async function readBooks(container: MedusaContainer, orderId: string) {
  const orders = container.resolve(Modules.ORDER) as any
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  // Selecting total fields makes the order module compute them (decorateCartTotals) from items, shipping and credit lines.
  const order = (await orders.retrieveOrder(orderId, {
    select: ["id", "version", "currency_code", "total", "credit_line_total"],
    relations: ["transactions"],
  })) as any
  const currency: string = order.currency_code.toUpperCase()
  const minor = (v: Money) => toMinorUnits(v, currency)
  const sum = (values: Money[]) => values.reduce<number>((acc, v) => acc + minor(v), 0)

  const [stored] = (await orders.listOrderSummaries({ order_id: orderId, version: order.version })) as any[]
  if (!stored) throw new Error(`books of order ${orderId}: no stored summary for version ${order.version}`)
  const totals = stored.totals
  const transactions = (order.transactions ?? []) as { amount: Money }[]
  const txs = transactions.map((t) => minor(t.amount))
  const transactionTotal = txs.reduce((a, b) => a + b, 0)

  const { data } = await query.graph({
    entity: "order",
    fields: [
      "omnichannel_chains.id",
      "credit_lines.amount",
      "payment_collections.payments.id",
      "payment_collections.payments.provider_id",
      "payment_collections.payments.amount",
      "payment_collections.payments.canceled_at",
      "payment_collections.payments.data",
      "payment_collections.payments.captures.amount",
      "payment_collections.payments.refunds.id",
      "payment_collections.payments.refunds.amount",
      "payment_collections.payments.refunds.metadata",
    ],
    filters: { id: orderId },
  })
  const row = data[0] as any
  const ledger = container.resolve<any>("omnichannel")
  const chains: Chain[] = await Promise.all((row.omnichannel_chains ?? []).filter(Boolean).map((c: { id: string }) => ledger.viewChain(c.id)))
  const payments: MedusaPayment[] = (row.payment_collections ?? []).flatMap((pc: any) => pc?.payments ?? []).filter(Boolean)
  const creditLines = ((row.credit_lines ?? []) as { amount: Money }[]).map((c) => minor(c.amount))

  // Refunds that were no refund of a payment (store credit, a new gift card, cash where no cash
  // was paid) are the plugin's credit-line changes on the order, each naming its refund's key.
  const creditLineChanges = (await orders.listOrderChanges({ order_id: orderId, change_type: "credit_line" }, { select: ["metadata", "status"] })) as {
    status: string
    metadata?: { omnichannel_refund_key?: string } | null
  }[]
  const asCreditLines = new Set(creditLineChanges.filter((c) => c.status === "confirmed").map((c) => c.metadata?.omnichannel_refund_key).filter(Boolean))

  // The chains' side, by method.
  const operations = new Map(chains.flatMap((c) => c.operations.map((o) => [o.id, o] as const)))
  const chain = { paid: 0, money_refunded: 0, in_kind_refunded: 0, held: 0 }
  let inKindNotAsLines = 0
  const chainByMethod: Record<string, { paid: number; refunded: number }> = {}
  const byMethod = (table: typeof chainByMethod, m: string) => (table[m] ??= { paid: 0, refunded: 0 })
  for (const c of chains) {
    chain.paid += c.totals.paid
    chain.held += c.totals.authorized
    for (const op of c.operations) {
      if (op.status !== "succeeded") continue
      const method = op.method ?? "card"
      if (op.type === "payment" || op.type === "capture") byMethod(chainByMethod, method).paid += op.amount
      if (op.type === "refund") {
        if (asCreditLines.has(op.idempotency_key ?? "")) {
          chain.in_kind_refunded += op.amount
        } else {
          byMethod(chainByMethod, method).refunded += op.amount
          chain.money_refunded += op.amount
        }
        // Store credit and new gift cards are never a refund of a payment.
        if ((IN_KIND_METHODS as readonly string[]).includes(method)) inKindNotAsLines += asCreditLines.has(op.idempotency_key ?? "") ? 0 : op.amount
      }
    }
  }

  // Medusa's side: payments by the tender of the chain operation they record, refunds by their kind.
  const medusaByMethod: Record<string, { paid: number; refunded: number }> = {}
  const medusa = { other_paid: 0, other_refunded: 0, held: 0 }
  const strays: string[] = []
  const wrongTender: string[] = []
  for (const p of payments) {
    const captured = sum((p.captures ?? []).map((c) => c.amount))
    const omnichannel = p.provider_id.startsWith("pp_omnichannel_")
    const op = omnichannel ? operations.get(String(p.data?.operation_id)) : undefined
    if (omnichannel && !op) strays.push(`${p.id} (operation ${String(p.data?.operation_id)})`)
    const tender = omnichannel ? (op?.method ?? "card") : `other:${p.provider_id}`
    byMethod(medusaByMethod, tender).paid += captured
    if (!omnichannel) medusa.other_paid += captured
    if (omnichannel && !p.canceled_at) medusa.held += Math.max(0, minor(p.amount) - captured)
    for (const r of p.refunds ?? []) {
      const kind = omnichannel ? (r.metadata?.omnichannel?.method ?? tender) : tender
      byMethod(medusaByMethod, kind).refunded += minor(r.amount)
      if (!omnichannel) medusa.other_refunded += minor(r.amount)
      if ((tender === "card") !== (kind === "card")) wrongTender.push(`refund ${r.id}: ${kind} refund of a ${tender} payment ${p.id}`)
    }
  }
  for (const m of Object.keys(medusaByMethod)) if (m.startsWith("other:")) chainByMethod[m] = medusaByMethod[m]

  const figure = (table: Record<string, { paid: number; refunded: number }>) =>
    Object.fromEntries(
      [...new Set([...Object.keys(chainByMethod), ...Object.keys(medusaByMethod)])]
        .sort()
        .flatMap((m) => [[`${m} paid (captured)`, table[m]?.paid ?? 0], [`${m} refunds (Medusa refunds)`, table[m]?.refunded ?? 0]])
    )
  const negativeCreditLines = creditLines.filter((c) => c < 0).reduce((a, b) => a - b, 0)

  return {
    currency,
    chainViews: chains,
    payments,
    stored: {
      current_order_total: minor(totals.current_order_total),
      paid_total: minor(totals.paid_total),
      refunded_total: minor(totals.refunded_total),
      transaction_total: minor(totals.transaction_total),
      pending_difference: minor(totals.pending_difference),
    },
    computed: {
      current_order_total: minor(order.total),
      paid_total: txs.filter((t) => t > 0).reduce((a, b) => a + b, 0),
      refunded_total: -txs.filter((t) => t < 0).reduce((a, b) => a + b, 0),
      transaction_total: transactionTotal,
      pending_difference: minor(order.total) - transactionTotal,
    },
    medusa: {
      "summary paid_total": minor(totals.paid_total),
      "summary refunded_total": minor(totals.refunded_total),
      "refunds in kind (negative credit lines)": negativeCreditLines,
      "store credit / gift card refunds not recorded as credit lines": inKindNotAsLines,
      "held (authorized, not captured)": medusa.held,
      ...figure(medusaByMethod),
      "omnichannel payments naming no operation of the order's chains": strays,
      "refunds of one tender recorded on a payment of another": wrongTender,
    } as Record<string, unknown>,
    chains: {
      "summary paid_total": chain.paid + medusa.other_paid,
      "summary refunded_total": chain.money_refunded + medusa.other_refunded,
      "refunds in kind (negative credit lines)": chain.in_kind_refunded,
      "store credit / gift card refunds not recorded as credit lines": 0,
      "held (authorized, not captured)": chain.held,
      ...figure(chainByMethod),
      "omnichannel payments naming no operation of the order's chains": [],
      "refunds of one tender recorded on a payment of another": [],
    } as Record<string, unknown>,
  }
}

export type Books = Awaited<ReturnType<typeof readBooks>>

/** Medusa decimal (major units) to minor units; a fraction of a minor unit stays visible in a failure. */
function toMinorUnits(value: Money, currency: string): number {
  const v = value as { numeric?: number; value?: string } | number | string | null | undefined
  const raw = typeof v === "object" && v !== null ? (v.value ?? v.numeric ?? 0) : (v ?? 0)
  return new BigNumberJS(String(raw)).shiftedBy(exponentOf(currency)).decimalPlaces(6).toNumber()
}

/** The books check on every order of the store: the end of a test that moved money on several orders. */
export async function expectAllBooksAgree(container: MedusaContainer) {
  const orders = await container.resolve(Modules.ORDER).listOrders({}, { select: ["id"] })
  for (const order of orders) await expectBooksAgree(container, order.id)
  return orders.length
}
