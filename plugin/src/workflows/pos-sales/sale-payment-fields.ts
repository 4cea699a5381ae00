import { maskCode } from "../../tenders/stored-value"
import type { PosSaleInput, SaleTender } from "./types"

export type SalePayment = PosSaleInput["payments"][number]

/** A card payment the terminal approved while it had no network: its outcome comes later from the till. */
export function isOfflineCard(payment: SalePayment): boolean {
  return payment.method === "card" && !!payment.offline
}

/**
 * The chain operation of one tender of a till sale (everything but the chain): the one
 * place both the single-sale workflow and the batch write it from. A card approved offline
 * is `pending` (owed but expected) until `POST /pos/card-outcomes` settles it; every other
 * tender was paid at the till. Its idempotency key (terminal, sale, position) makes a
 * retried sale record nothing twice.
 */
export function salePaymentOperation(
  sale: PosSaleInput,
  payment: SalePayment,
  index: number,
  extra: {
    currency_code: string
    cof_first?: boolean
    tender?: SaleTender
    stored_value_transaction_id?: string
    /** Offline limits of the terminal this payment went beyond (flagged for the admin, never refused). */
    offline_flags?: string[]
  }
) {
  const offline = isOfflineCard(payment)
  return {
    type: "payment" as const,
    method: payment.method,
    authorization_mode: payment.method === "card" ? ("SALE" as const) : null,
    status: offline ? ("pending" as const) : ("succeeded" as const),
    channel: "in_store" as const,
    amount: payment.amount,
    currency_code: extra.currency_code,
    idempotency_key: saleOperationKey(sale, index),
    acquirer_reference: tenderReference(payment),
    terminal_id: sale.terminal.id,
    stock_location_id: sale.terminal.stock_location_id,
    cof_requestor: extra.cof_first ? "cardholderInitiated" : null,
    cof_sequence: extra.cof_first ? "first" : null,
    metadata: {
      pos_sale_id: sale.sale_id,
      occurred_at: sale.occurred_at,
      ...(offline ? { offline: true, ...(extra.offline_flags?.length ? { offline_flags: extra.offline_flags } : {}) } : {}),
      ...tenderDetails(payment, extra.tender, extra.stored_value_transaction_id),
    },
  }
}

export function saleOperationKey(sale: Pick<PosSaleInput, "sale_id" | "terminal">, index: number): string {
  return `${sale.terminal.id}:${sale.sale_id}:${index}`
}

/** The tender's own reference: the acquirer's (or, offline, the terminal's) for a card, the other provider's for an external one. */
function tenderReference(payment: SalePayment): string | null {
  if (payment.method === "card") return payment.acquirer_reference ?? null
  if (payment.method === "external") return payment.reference ?? null
  return null
}

/** What the chain keeps about a tender besides its amount (never a full gift card code). */
function tenderDetails(payment: SalePayment, tender: SaleTender | undefined, transactionId: string | undefined): Record<string, unknown> {
  switch (payment.method) {
    case "cash":
      return payment.tendered === undefined ? {} : { tendered: payment.tendered, change: payment.change ?? payment.tendered - payment.amount }
    case "external":
      return { label: payment.label }
    case "gift_card":
      return { gift_card_id: tender?.gift_card_id, gift_card_code: maskCode(payment.code), store_credit_transaction_id: transactionId }
    case "store_credit":
      return { store_credit_account_id: tender?.account_id, store_credit_transaction_id: transactionId }
    case "card":
      return {}
  }
}
