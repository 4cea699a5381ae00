import { metrics, type Attributes, type Counter, type Histogram, type Meter, type ObservableGauge } from "@opentelemetry/api"

const METER_NAME = "medusa-plugin-omnichannel"

// Seconds: an acquirer answers in tens to hundreds of ms, a till sale in tens.
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30]

/** What the ledger holds right now, read at each scrape (see LedgerGauges in the module). */
export type LedgerGaugeReading = {
  pending_operations: { type: string; count: number; oldest_age_seconds: number }[]
  outbox: { status: "pending" | "dead"; count: number; oldest_age_seconds: number }[]
  open_stock_discrepancies: number
  pending_stock_movements: number
  /** Cards tills approved offline still waiting for the till's outcome, per currency (amount: minor units at risk). */
  offline_pending: { currency_code: string; count: number; amount: number }[]
  /** Declines after the sale whose payment link was paid. */
  offline_declines_recovered: number
}

type Instruments = {
  operations: Counter
  acquirerDuration: Histogram
  acquirerErrors: Counter
  posDuration: Histogram
  posRefusals: Counter
  apiRefusals: Counter
  idempotentReplays: Counter
  refundOrderLocked: Counter
  pendingOperations: ObservableGauge
  pendingOperationAge: ObservableGauge
  outboxMessages: ObservableGauge
  outboxAge: ObservableGauge
  stockDiscrepancies: ObservableGauge
  pendingStockMovements: ObservableGauge
  offlineOutcomes: Counter
  offlinePending: ObservableGauge
  offlineAtRisk: ObservableGauge
  offlineRecovered: ObservableGauge
}

type MetricsState = { meter: Meter | null; instruments: Instruments | null; readLedger: (() => Promise<LedgerGaugeReading>) | null }

/**
 * One state per process (the built plugin's modules, routes and provider may be loaded
 * apart): which meter the instruments come from and where the gauges read the ledger.
 */
function state(): MetricsState {
  const key = Symbol.for("medusa-plugin-omnichannel.metrics")
  const g = globalThis as unknown as Record<symbol, MetricsState>
  return (g[key] ??= { meter: null, instruments: null, readLedger: null })
}

/**
 * Instruments come from the plugin's own meter once metrics are switched on, otherwise
 * from the global OpenTelemetry API: a no-op unless the store registered its own SDK, in
 * which case our figures go wherever the store sends its own.
 */
export function useMeter(meter: Meter | null) {
  const s = state()
  s.meter = meter
  s.instruments = null
}

/** Where the gauges read pending operations, the outbox and stock discrepancies at each scrape. */
export function readLedgerGaugesWith(read: (() => Promise<LedgerGaugeReading>) | null) {
  state().readLedger = read
}

/** Currencies offline payments were ever pending in (this process): their gauges read 0 once nothing is. */
const offlineCurrencies = new Set<string>()

function instruments(): Instruments {
  const s = state()
  if (s.instruments) return s.instruments
  const meter = s.meter ?? metrics.getMeter(METER_NAME)
  const made: Instruments = {
    operations: meter.createCounter("omnichannel_operations", {
      description: "Operations settled on chains, by type, channel, method and outcome (succeeded, declined, failed)",
    }),
    acquirerDuration: meter.createHistogram("omnichannel_acquirer_request_duration_seconds", {
      description: "Time of each request to the acquirer (each retry counts), by call and outcome",
      unit: "s",
      advice: { explicitBucketBoundaries: LATENCY_BUCKETS },
    }),
    acquirerErrors: meter.createCounter("omnichannel_acquirer_errors", {
      description: "Acquirer answers that were not a success, by call, kind (declined, invalid, retryable) and reason",
    }),
    posDuration: meter.createHistogram("omnichannel_pos_request_duration_seconds", {
      description: "Time to answer a till's request, by route, terminal and HTTP status",
      unit: "s",
      advice: { explicitBucketBoundaries: LATENCY_BUCKETS },
    }),
    posRefusals: meter.createCounter("omnichannel_pos_refusals", {
      description: "Till requests refused, by route, error code and terminal ('unverified' before the signature is checked)",
    }),
    apiRefusals: meter.createCounter("omnichannel_api_refusals", {
      description: "Refusals the plugin answered (admin, store, POS, hooks), by surface and error code",
    }),
    idempotentReplays: meter.createCounter("omnichannel_idempotent_replays", {
      description: "Requests answered with the first answer of their Idempotency-Key, by scope",
    }),
    refundOrderLocked: meter.createCounter("omnichannel_refund_order_locked", {
      description: "Refunds refused with REFUND_ORDER_LOCKED (another refund in flight, or its reference already refunded)",
    }),
    pendingOperations: meter.createObservableGauge("omnichannel_pending_operations", {
      description: "Operations whose outcome is not known yet, by type",
    }),
    pendingOperationAge: meter.createObservableGauge("omnichannel_pending_operation_oldest_age_seconds", {
      description: "Age of the oldest pending operation, by type",
      unit: "s",
    }),
    outboxMessages: meter.createObservableGauge("omnichannel_outbox_messages", {
      description: "Notifications to terminals not delivered, by status (pending: still retried; dead: given up)",
    }),
    outboxAge: meter.createObservableGauge("omnichannel_outbox_oldest_age_seconds", {
      description: "Age of the oldest undelivered notification, by status",
      unit: "s",
    }),
    stockDiscrepancies: meter.createObservableGauge("omnichannel_stock_discrepancies_open", {
      description: "Stock levels a till sold below zero that no later count has settled",
    }),
    pendingStockMovements: meter.createObservableGauge("omnichannel_stock_movements_pending", {
      description: "Stock movements from tills not yet applied to Medusa's inventory",
    }),
    offlineOutcomes: meter.createCounter("omnichannel_offline_payment_outcomes", {
      description: "Outcomes tills reported for cards they approved offline, by outcome (approved, declined) and currency",
    }),
    offlinePending: meter.createObservableGauge("omnichannel_offline_payments_pending", {
      description: "Cards approved offline by a till still waiting for its outcome, by currency",
    }),
    offlineAtRisk: meter.createObservableGauge("omnichannel_offline_amount_at_risk", {
      description: "Amount of the cards approved offline still waiting for their outcome, in minor units, by currency",
    }),
    offlineRecovered: meter.createObservableGauge("omnichannel_offline_declines_recovered", {
      description: "Cards declined after the sale whose payment link the customer paid",
    }),
  }
  meter.addBatchObservableCallback(async (observer) => {
    const read = state().readLedger
    if (!read) return
    const now = await read()
    for (const type of ["payment", "authorization", "capture", "cancel", "refund", "payout"]) {
      const row = now.pending_operations.find((r) => r.type === type)
      observer.observe(made.pendingOperations, row?.count ?? 0, { type })
      observer.observe(made.pendingOperationAge, row?.oldest_age_seconds ?? 0, { type })
    }
    for (const status of ["pending", "dead"] as const) {
      const row = now.outbox.find((r) => r.status === status)
      observer.observe(made.outboxMessages, row?.count ?? 0, { status })
      observer.observe(made.outboxAge, row?.oldest_age_seconds ?? 0, { status })
    }
    observer.observe(made.stockDiscrepancies, now.open_stock_discrepancies)
    observer.observe(made.pendingStockMovements, now.pending_stock_movements)
    // A currency with nothing pending any more reads 0 (a series not observed keeps its last value).
    for (const row of now.offline_pending ?? []) offlineCurrencies.add(row.currency_code)
    for (const currency of offlineCurrencies) {
      const row = now.offline_pending?.find((r) => r.currency_code === currency)
      observer.observe(made.offlinePending, row?.count ?? 0, { currency })
      observer.observe(made.offlineAtRisk, row?.amount ?? 0, { currency })
    }
    observer.observe(made.offlineRecovered, now.offline_declines_recovered ?? 0)
  }, [
    made.pendingOperations, made.pendingOperationAge, made.outboxMessages, made.outboxAge, made.stockDiscrepancies, made.pendingStockMovements,
    made.offlinePending, made.offlineAtRisk, made.offlineRecovered,
  ])
  s.instruments = made
  return made
}

/** An operation reached its final state. */
export function countOperation(op: { type: string; channel: string; method?: string | null; status: string; error_code?: string | null }) {
  if (op.status === "pending") return
  const outcome = op.status === "succeeded" ? "succeeded" : op.error_code === "PAYMENT_DECLINED" ? "declined" : "failed"
  instruments().operations.add(1, { type: op.type, channel: op.channel, method: op.method ?? "card", outcome })
}

/** A till reported the outcome of a card it approved offline (counted once, when applied). */
export function countOfflineOutcome(outcome: "approved" | "declined", op: { currency_code: string }) {
  instruments().offlineOutcomes.add(1, { outcome, currency: op.currency_code })
}

export function observeAcquirerCall(attrs: { acquirer: string; call: string; outcome: string; reason?: string | null }, seconds: number) {
  const i = instruments()
  i.acquirerDuration.record(seconds, { acquirer: attrs.acquirer, call: attrs.call, outcome: attrs.outcome })
  if (attrs.outcome !== "ok") {
    i.acquirerErrors.add(1, { acquirer: attrs.acquirer, call: attrs.call, kind: attrs.outcome, reason: attrs.reason ?? "unknown" })
  }
}

export function observePosRequest(attrs: { route: string; terminal: string; status: number; code?: string | null }, seconds: number) {
  const i = instruments()
  const labels: Attributes = { route: attrs.route, terminal: attrs.terminal, status: String(attrs.status) }
  i.posDuration.record(seconds, labels)
  if (attrs.status >= 400) {
    i.posRefusals.add(1, { route: attrs.route, terminal: attrs.terminal, code: attrs.code ?? `HTTP_${attrs.status}` })
  }
}

export function countRefusal(surface: string, code: string) {
  const i = instruments()
  i.apiRefusals.add(1, { surface, code })
  if (code === "REFUND_ORDER_LOCKED") i.refundOrderLocked.add(1, { surface })
}

/** `scope` as withIdempotency keeps it; ids (terminals, payments, orders) are dropped from the label. */
export function countIdempotentReplay(scope: string) {
  instruments().idempotentReplays.add(1, { scope: scope.split(":").filter((part) => !/\d/.test(part)).join(":") })
}
