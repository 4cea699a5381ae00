/**
 * A terminal's store-and-forward limits (DESIGN 7.2): the till enforces them while it has no
 * network; the store only flags a forwarded offline payment that went beyond them (the goods
 * have left, so it is recorded all the same).
 */
export type OfflineLimits = {
  /** Integer minor units of currency_code. */
  max_payment: number
  /** Integer minor units: offline card payments still waiting for their outcome, this one included. */
  max_total: number
  /** How long after the sale the till may forward it. */
  max_hours: number
  currency_code: string
}

export type OfflineLimitFlag = "over_max_payment" | "over_max_total" | "over_max_hours"

export type OfflinePaymentToCheck = { amount: number; currency_code: string; occurred_at: string }

/** A terminal row's limits; null when none are set (the admin sets and clears them together). */
export function offlineLimitsOf(terminal: {
  offline_max_payment?: number | null
  offline_max_total?: number | null
  offline_max_hours?: number | null
  offline_currency_code?: string | null
}): OfflineLimits | null {
  const { offline_max_payment, offline_max_total, offline_max_hours, offline_currency_code } = terminal
  if (offline_max_payment == null || offline_max_total == null || offline_max_hours == null || !offline_currency_code) return null
  return {
    max_payment: Number(offline_max_payment),
    max_total: Number(offline_max_total),
    max_hours: Number(offline_max_hours),
    currency_code: offline_currency_code,
  }
}

const HOUR_MS = 3_600_000

/**
 * Per payment, in order, the limits it went beyond. `pendingTotal` is what the terminal's
 * offline card payments still pending add up to (in the limits' currency); each payment of the
 * list counts on top of it and of the ones before it. Amount limits apply only to payments in
 * the limits' currency; the time limit to every payment.
 */
export function offlineLimitFlagsOf(
  limits: OfflineLimits | null,
  pendingTotal: number,
  payments: OfflinePaymentToCheck[],
  receivedAt: Date
): OfflineLimitFlag[][] {
  if (!limits) return payments.map(() => [])
  const currency = limits.currency_code.toUpperCase()
  let running = pendingTotal
  return payments.map((payment) => {
    const flags: OfflineLimitFlag[] = []
    if (payment.currency_code.toUpperCase() === currency) {
      running += payment.amount
      if (payment.amount > limits.max_payment) flags.push("over_max_payment")
      if (running > limits.max_total) flags.push("over_max_total")
    }
    const occurred = new Date(payment.occurred_at).getTime()
    if (Number.isFinite(occurred) && receivedAt.getTime() - occurred > limits.max_hours * HOUR_MS) flags.push("over_max_hours")
    return flags
  })
}
