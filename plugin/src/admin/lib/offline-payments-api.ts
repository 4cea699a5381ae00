import { sdk } from "./sdk"

export type OfflinePaymentState = "pending" | "declined" | "overdue"

/** GET /admin/omnichannel/offline-payments: a card payment a till approved offline, and what became of it. */
export type OfflinePayment = {
  operation_id: string
  payment_id: string
  order_id: string | null
  terminal_id: string | null
  amount: number
  currency_code: string
  acquirer_reference: string | null
  occurred_at: string | null
  status: "offline_approved" | "approved" | "declined"
  flags: string[]
  overdue: boolean
  outcome_due_at: string | null
  reason: string | null
  declined_at: string | null
  customer: { id?: string; email?: string } | null
  payment_link: {
    id: string
    url: string
    status: "open" | "paid" | "expired" | "canceled"
    amount: number
    currency_code: string
    expires_at: string
    customer_email: string | null
    emails_sent: number
    last_sent_at: string | null
  } | null
}

export const offlinePaymentsApi = {
  list: (state: OfflinePaymentState, limit = 50) =>
    sdk.client.fetch<{ offline_payments: OfflinePayment[]; count: number }>(`/admin/omnichannel/offline-payments?state=${state}&limit=${limit}`, { method: "GET" }),
  /** The link's email once more; `key` makes a retried click send nothing twice. */
  sendLinkAgain: ({ linkId, key }: { linkId: string; key: string }) =>
    sdk.client.fetch<{ payment_link: { id: string; status: string }; email: { to: string; status: "sent" | "failed" } }>(
      `/admin/omnichannel/payment-links/${linkId}/send`,
      { method: "POST", body: {}, headers: { "Idempotency-Key": key } }
    ),
}
