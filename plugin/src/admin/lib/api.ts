import type { ChainTotals } from "../../modules/omnichannel/types"
import { sdk } from "./sdk"

export type Operation = {
  id: string
  type: "payment" | "authorization" | "capture" | "cancel" | "refund" | "payout"
  channel: string
  method: "card" | "cash" | "gift_card" | "store_credit" | "external"
  status: "pending" | "succeeded" | "failed"
  amount: number
  currency_code: string
  authorization_mode: string | null
  reference: string | null
  terminal_id: string | null
  stock_location_id: string | null
  note: string | null
  error_code: string | null
  metadata: Record<string, unknown> | null
  created_at: string
}

export type RefundAnswer = {
  gift_card?: { id: string; code: string; amount: number; currency_code: string }
  store_credit?: { account_id: string; amount: number; balance: number; currency_code: string }
}

export type Chain = {
  payment_id: string
  order_id: string | null
  currency_code: string
  crm_token: string | null
  cof_consent: boolean
  card: { brand: string; bin: string; last4: string } | null
  operations: Operation[]
  totals: ChainTotals
}

/** A till's store-and-forward limits; amounts in minor units of currency_code. */
export type OfflineLimits = { max_payment: number; max_total: number; max_hours: number; currency_code: string }

export type Terminal = {
  id: string
  name: string
  stock_location_id: string
  webhook_url: string | null
  deactivated_at: string | null
  secret_rotated_at: string | null
  created_at: string
  offline: OfflineLimits | null
}

export type PendingPayment = {
  operation_id: string
  payment_id: string | null
  amount: number
  currency_code: string
  acquirer_reference: string | null
  waiting_for: "customer_authentication" | "acquirer_answer"
  created_at: string
}

export type Ingestion = {
  id: string
  terminal_id: string
  key: string
  outcome: "ingested" | "refused" | "in_progress"
  status: number | null
  order_id: string | null
  payment_id: string | null
  code: string | null
  message: string | null
  created_at: string
}

export type Discrepancy = {
  id: string
  sku: string
  stock_location_id: string
  terminal_id: string
  level_after: number
  reference: string | null
  applied_at: string
}

export type ReportRow = {
  day: string
  channel: string
  currency_code: string
  sales: number
  refunds: number
  refund_rate: number | null
}

export type HealthWindow = "24h" | "7d"

/** GET /admin/omnichannel/health: the last 24 hours or 7 days, from the ledger. */
export type Health = {
  window: HealthWindow
  channels: { channel: string; attempts: number; approved: number; declined: number; failed: number; pending: number; approval_rate: number | null }[]
  decline_reasons: { channel: string; reason: string; count: number }[]
  daily: { day: string; channel: string; approved: number; declined: number; failed: number; approval_rate: number | null }[]
  acquirer: {
    calls: number
    errors: number
    unavailable: number
    p50_ms: number | null
    p95_ms: number | null
    by_call: { call: string; calls: number; errors: number; p50_ms: number | null; p95_ms: number | null }[]
  }
  till_ingestion: { terminal_id: string; terminal_name: string | null; requests: number; refused: number; refusals: { code: string; count: number }[] }[]
  pending_operations: {
    count: number
    oldest: { id: string; type: string; channel: string; method: string; amount: number; currency_code: string; payment_id: string; created_at: string }[]
  }
  terminal_notifications: { terminal_id: string; terminal_name: string | null; status: "pending" | "dead"; count: number; oldest_at: string }[]
  emails_failed: number
  open_stock_discrepancies: number
  pending_stock_movements: number
}

export type ReconciliationDifference = {
  id: string
  kind: string
  chain_id: string | null
  payment_id: string | null
  order_id: string | null
  operation_id: string | null
  currency_code: string | null
  expected: number | null
  actual: number | null
  message: string
}

export type Reconciliation = {
  id: string
  trigger: "schedule" | "admin"
  status: "running" | "completed" | "failed"
  since: string
  chains_checked: number
  acquirer_checked: number
  acquirer_unavailable: number
  differences_count: number
  error: string | null
  finished_at: string | null
  created_at: string
  differences?: ReconciliationDifference[]
}

const get = <T,>(path: string) => sdk.client.fetch<T>(path, { method: "GET" })
const post = <T,>(path: string, body?: unknown) => sdk.client.fetch<T>(path, { method: "POST", body: body ?? {} })

export const omnichannelApi = {
  chainsOfOrder: (orderId: string) =>
    get<{ chains: { payment_id: string }[] }>(`/admin/omnichannel/chains?order_id=${encodeURIComponent(orderId)}`),
  chain: (paymentId: string) => get<{ chain: Chain }>(`/admin/omnichannel/chains/${paymentId}`),
  refund: (
    paymentId: string,
    body: { amount: number; currency_code: string; reference: string; note?: string; prefer_channel?: string; method?: string }
  ) => post<RefundAnswer>(`/admin/omnichannel/chains/${paymentId}/refunds`, body),
  payout: (paymentId: string, body: { amount: number; currency_code: string; reason: string }) =>
    post(`/admin/omnichannel/chains/${paymentId}/payouts`, body),
  subsequentPayment: (paymentId: string, body: { amount: number; currency_code: string; authorization_mode: string }) =>
    post(`/admin/omnichannel/chains/${paymentId}/subsequent-payments`, body),
  terminals: () => get<{ terminals: Terminal[] }>("/admin/omnichannel/terminals"),
  createTerminal: (body: { name: string; stock_location_id: string; webhook_url?: string }) =>
    post<{ terminal: Terminal; secret: string }>("/admin/omnichannel/terminals", body),
  rotateSecret: (id: string) => post<{ terminal: Terminal; secret: string }>(`/admin/omnichannel/terminals/${id}/rotate-secret`),
  updateTerminal: ({ id, body }: { id: string; body: { name?: string; webhook_url?: string | null; offline?: OfflineLimits | null } }) =>
    post<{ terminal: Terminal }>(`/admin/omnichannel/terminals/${id}`, body),
  deactivateTerminal: (id: string) => sdk.client.fetch(`/admin/omnichannel/terminals/${id}`, { method: "DELETE" }),
  stockLocations: () => get<{ stock_locations: { id: string; name: string }[] }>("/admin/stock-locations?fields=id,name&limit=100"),
  pendingPayments: () => get<{ pending_payments: PendingPayment[] }>("/admin/omnichannel/pending-payments"),
  ingestions: () => get<{ ingestions: Ingestion[] }>("/admin/omnichannel/pos-ingestions?limit=20"),
  discrepancies: () => get<{ discrepancies: Discrepancy[] }>("/admin/omnichannel/stock-discrepancies"),
  reconciliations: () => get<{ reconciliations: Reconciliation[]; count: number }>("/admin/omnichannel/reconciliations?limit=10"),
  reconciliation: (id: string) => get<{ reconciliation: Reconciliation }>(`/admin/omnichannel/reconciliations/${id}`),
  runReconciliation: (days?: number) => post<{ reconciliation: Reconciliation }>("/admin/omnichannel/reconciliations", days ? { days } : {}),
  health: (window: HealthWindow) => get<{ health: Health }>(`/admin/omnichannel/health?window=${window}`),
  channelReport: (days: number) => get<{ since: string; rows: ReportRow[] }>(`/admin/omnichannel/reports/channels?days=${days}`),
}
