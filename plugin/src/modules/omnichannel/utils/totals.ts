import type { ChainTotals, Channel, PaymentMethod } from "../types"

type OperationLike = {
  id: string
  type: string
  channel: string
  method?: string | null
  status: string
  amount: number
  parent_operation_id?: string | null
  metadata?: Record<string, unknown> | null
}

/**
 * Totals of a chain from its operations, in minor units. Only succeeded operations
 * count: `paid` is what was actually captured (SALE payments and captures), and
 * `authorized` is what is still held on the card (authorizations not yet captured
 * or cancelled). Refunds and payments count under the channel they happened in.
 */
export function computeTotals(operations: OperationLike[]): ChainTotals {
  const totals: ChainTotals = { paid: 0, refunded: 0, paid_out: 0, refundable: 0, authorized: 0, by_channel: {}, by_method: {} }
  const channel = (c: string) => (totals.by_channel[c as Channel] ??= { paid: 0, refunded: 0 })
  const method = (m: string | null | undefined) => (totals.by_method[(m ?? "card") as PaymentMethod] ??= { paid: 0, refunded: 0 })

  for (const op of operations) {
    if (op.status !== "succeeded") {
      continue
    }
    switch (op.type) {
      case "payment":
      case "capture":
        totals.paid += op.amount
        channel(op.channel).paid += op.amount
        method(op.method).paid += op.amount
        break
      case "refund":
        totals.refunded += op.amount
        channel(op.channel).refunded += op.amount
        method(op.method).refunded += op.amount
        break
      case "payout":
        totals.paid_out += op.amount
        break
    }
  }
  for (const auth of operations) {
    if (auth.type === "authorization" && auth.status === "succeeded") {
      totals.authorized += remainingAuthorization(auth, operations, ["succeeded"])
    }
    // A card a till approved offline is held like a live authorization until the till's outcome.
    if (auth.type === "payment" && auth.status === "pending" && auth.metadata?.offline) {
      totals.authorized += auth.amount
    }
  }
  totals.refundable = totals.paid - totals.refunded
  return totals
}

/** What an authorization still holds: its amount less captures (and a cancel) against it. */
export function remainingAuthorization(
  auth: OperationLike,
  operations: OperationLike[],
  counting: string[] = ["pending", "succeeded"]
): number {
  let remaining = auth.amount
  for (const op of operations) {
    if (op.parent_operation_id !== auth.id || !counting.includes(op.status)) {
      continue
    }
    if (op.type === "cancel") {
      return 0
    }
    if (op.type === "capture") {
      remaining -= op.amount
    }
  }
  return remaining
}
