import type { Operation } from "./api"

/*
 * The chain's operations in a merchant's words. The ledger's terms (type, method, mode, error
 * code) stay available as secondary detail; the headline is what happened to the money.
 */

const CHANNEL_NAMES: Record<string, string> = {
  online: "Online",
  in_store: "In store",
  mobile_app: "Mobile app",
  kiosk: "Kiosk",
  phone: "Phone",
  pay_by_link: "Payment link",
  marketplace: "Marketplace",
}
export const channelName = (channel: string) => CHANNEL_NAMES[channel] ?? channel

const METHOD_NAMES: Record<string, string> = {
  card: "Card",
  cash: "Cash",
  gift_card: "Gift card",
  store_credit: "Store credit",
  external: "Other tender",
}
export const methodName = (method: string) => METHOD_NAMES[method] ?? method

const PAYMENT_WORDS: Record<Operation["method"], string> = {
  card: "Card payment",
  cash: "Cash payment",
  gift_card: "Gift card payment",
  store_credit: "Paid with store credit",
  external: "Other tender payment",
}

const REFUND_WORDS: Record<Operation["method"], string> = {
  card: "Refund to card",
  cash: "Cash refund",
  gift_card: "Refund as a new gift card",
  store_credit: "Refund as store credit",
  external: "Refund, other tender",
}

/** The headline of an operation: "Card authorized", "Cash payment", "Refund as store credit"... */
export function operationWords(op: Pick<Operation, "type" | "method">): string {
  const method = op.method ?? "card"
  switch (op.type) {
    case "authorization":
      return method === "card" ? "Card authorized" : `${methodName(method)} authorized`
    case "payment":
      return PAYMENT_WORDS[method] ?? "Payment"
    case "capture":
      return "Captured"
    case "cancel":
      return "Canceled"
    case "refund":
      return REFUND_WORDS[method] ?? "Refund"
    case "payout":
      return "Payout"
    default:
      return op.type
  }
}

const MODE_WORDS: Record<string, string> = {
  SALE: "charged at once",
  FINAL_AUTHORIZATION: "final amount authorized",
  PRE_AUTHORIZATION: "pre-authorized, amount may change",
}
/** The card's authorization mode, for the detail line only. */
export const modeWords = (mode: string | null) => (mode ? (MODE_WORDS[mode] ?? mode) : null)

/** What the status badge says; a refused card reads "Declined", not "failed". */
export function statusWords(op: Pick<Operation, "status" | "error_code">): string {
  if (op.status === "failed") return op.error_code === "PAYMENT_DECLINED" ? "Declined" : "Failed"
  return op.status === "succeeded" ? "Done" : "Pending"
}

/** What the tender adds to the headline: "20.00 EUR given, 10.00 EUR change", a gift card's code, a voucher's label. */
export function tenderDetail(op: Pick<Operation, "method" | "metadata">, money: (minor: number) => string): string | null {
  const m = op.metadata ?? {}
  if (op.method === "cash" && typeof m.tendered === "number") return `${money(m.tendered)} given, ${money(Number(m.change ?? 0))} change`
  if (op.method === "gift_card" && m.gift_card_code) return `gift card ${m.gift_card_code}`
  if (op.method === "external" && m.label) return String(m.label)
  return null
}
