import type { AcquirerPaymentRecord } from "../../acquirers/types"
import { formatMinor } from "../../money/display"
import type { NewDifference, ReconcilableChain, ReconcilableOperation } from "../../modules/omnichannel/services/reconciliations"

/** Chains are read and compared this many at a time. */
export const PAGE_SIZE = 200
/** An operation pending longer than this is stuck (a younger one is in flight). */
export const STUCK_AFTER_MS = 15 * 60_000
/** A chain that took money and has no order after this long will not get one by itself. */
export const ORDER_EXPECTED_WITHIN_MS = 60 * 60_000

const money = (amount: number, currency: string) => formatMinor(amount, currency)

/**
 * A chain with an operation whose outcome is not known yet: its sums are compared once it
 * settles (in flight, or listed as stuck: one difference for the cause, not one per total).
 */
export function hasPendingOperation(chain: ReconcilableChain): boolean {
  return chain.operations.some((o) => o.status === "pending")
}

export function stuckOperations(chain: ReconcilableChain, now: number): NewDifference[] {
  return chain.operations
    // A card a till approved offline waits for the till's outcome (overdue after the terminal's
    // max_hours, shown in the admin), not for the acquirer: not stuck.
    .filter((o) => o.status === "pending" && !o.offline && now - new Date(o.created_at).getTime() >= STUCK_AFTER_MS)
    .map((o) => ({
      kind: "operation_stuck",
      chain_id: chain.id,
      payment_id: chain.payment_id,
      operation_id: o.id,
      currency_code: chain.currency_code,
      expected: o.amount,
      actual: null,
      message:
        `A ${o.type} of ${money(o.amount, chain.currency_code)} on payment ${chain.payment_id} has been pending since ` +
        `${new Date(o.created_at).toISOString()}: nobody knows yet whether the money moved. Check it with the acquirer.`,
    }))
}

export function chainWithoutOrder(chain: ReconcilableChain, now: number): NewDifference | null {
  const { paid, refunded, paid_out } = chain.totals
  if (paid + refunded + paid_out === 0 || now - new Date(chain.created_at).getTime() < ORDER_EXPECTED_WITHIN_MS) return null
  return {
    kind: "chain_without_order",
    chain_id: chain.id,
    payment_id: chain.payment_id,
    currency_code: chain.currency_code,
    expected: paid,
    actual: null,
    message:
      `Payment ${chain.payment_id} took ${money(paid, chain.currency_code)} but belongs to no Medusa order ` +
      `more than an hour later: the customer was charged for an order the store does not have.`,
  }
}

/**
 * The chain (or the chains of one order, summed) against Medusa's summary of that order.
 * `medusa` is null when Medusa's amount is not a whole number of minor units.
 */
export function orderMismatch(
  kind: "order_paid_mismatch" | "order_refunded_mismatch",
  chain: ReconcilableChain,
  orderId: string,
  chainCount: number,
  ledger: number,
  medusa: number | null
): NewDifference | null {
  if (medusa === ledger) return null
  const what = kind === "order_paid_mismatch" ? "paid" : "refunded"
  const whose = chainCount > 1 ? `The ${chainCount} payments of order ${orderId} (among them ${chain.payment_id}) say` : `Payment ${chain.payment_id} says`
  const theirs = medusa === null ? "an amount finer than the currency allows" : money(medusa, chain.currency_code)
  return {
    kind,
    chain_id: chain.id,
    payment_id: chain.payment_id,
    order_id: orderId,
    currency_code: chain.currency_code,
    expected: ledger,
    actual: medusa,
    message: `${whose} ${money(ledger, chain.currency_code)} was ${what}, but Medusa's order ${orderId} shows ${theirs} ${what}.`,
  }
}

/**
 * The payments of a chain the acquirer itself holds: card payments and authorizations it
 * answered, except a till's (the terminal took those) and in-kind ones (never sent).
 */
export function acquirerPayments(chain: ReconcilableChain): ReconcilableOperation[] {
  return chain.operations.filter(
    (o) =>
      (o.type === "payment" || o.type === "authorization") &&
      o.status === "succeeded" &&
      (o.method ?? "card") === "card" &&
      o.channel !== "in_store" &&
      !!o.acquirer_reference
  )
}

/**
 * What our ledger says the acquirer moved on those payments: a SALE's amount and the
 * captures against them; card refunds (in-kind refunds never reach it). A chain a till
 * also paid by card sends its card refunds against the till's payment as well, which we
 * do not ask about: its refunds are then not compared (null).
 */
export function ledgerAtAcquirer(chain: ReconcilableChain, payments: ReconcilableOperation[]): { captured: number; refunded: number | null } {
  const ids = new Set(payments.map((p) => p.id))
  const succeeded = chain.operations.filter((o) => o.status === "succeeded")
  const captured =
    payments.filter((p) => p.type === "payment").reduce((t, p) => t + p.amount, 0) +
    succeeded.filter((o) => o.type === "capture" && o.parent_operation_id && ids.has(o.parent_operation_id)).reduce((t, o) => t + o.amount, 0)
  const tillCard = succeeded.some((o) => (o.type === "payment" || o.type === "authorization") && o.channel === "in_store" && (o.method ?? "card") === "card")
  const refunded = tillCard ? null : succeeded.filter((o) => o.type === "refund" && (o.method ?? "card") === "card").reduce((t, o) => t + o.amount, 0)
  return { captured, refunded }
}

export function acquirerMismatches(
  chain: ReconcilableChain,
  acquirerName: string,
  ledger: { captured: number; refunded: number | null },
  records: AcquirerPaymentRecord[]
): NewDifference[] {
  const captured = records.reduce((t, r) => t + r.captured, 0)
  const refunded = records.reduce((t, r) => t + r.refunded, 0)
  const found: NewDifference[] = []
  const refs = records.map((r) => r.reference).join(", ")
  const base = { chain_id: chain.id, payment_id: chain.payment_id, currency_code: chain.currency_code }
  if (captured !== ledger.captured) {
    found.push({
      ...base,
      kind: "acquirer_captured_mismatch",
      expected: ledger.captured,
      actual: captured,
      message:
        `Payment ${chain.payment_id}: the store recorded ${money(ledger.captured, chain.currency_code)} taken by card, ` +
        `but the acquirer (${acquirerName}) shows ${money(captured, chain.currency_code)} captured on ${refs}.`,
    })
  }
  if (ledger.refunded !== null && refunded !== ledger.refunded) {
    found.push({
      ...base,
      kind: "acquirer_refunded_mismatch",
      expected: ledger.refunded,
      actual: refunded,
      message:
        `Payment ${chain.payment_id}: the store recorded ${money(ledger.refunded, chain.currency_code)} refunded to the card, ` +
        `but the acquirer (${acquirerName}) shows ${money(refunded, chain.currency_code)} refunded on ${refs}.`,
    })
  }
  return found
}

export function unknownAtAcquirer(chain: ReconcilableChain, acquirerName: string, payment: ReconcilableOperation): NewDifference {
  return {
    kind: "acquirer_payment_unknown",
    chain_id: chain.id,
    payment_id: chain.payment_id,
    operation_id: payment.id,
    currency_code: chain.currency_code,
    expected: payment.amount,
    actual: null,
    message:
      `The acquirer (${acquirerName}) knows no payment ${payment.acquirer_reference}, which the store recorded as ` +
      `the ${payment.type} of ${money(payment.amount, chain.currency_code)} on payment ${chain.payment_id}.`,
  }
}
