import { sdk } from "./sdk"

export type PaymentLink = {
  id: string
  url: string
  amount: number
  currency_code: string
  status: "open" | "paid" | "expired" | "canceled"
  expires_at: string
  customer_email: string | null
  note: string | null
  origin: "admin" | "pos"
  terminal_id: string | null
  payment_id: string
  order_id: string | null
  paid_at: string | null
  paid_operation_id: string | null
  created_at: string
}

export type Outstanding = { amount: number; currency_code: string }

const base = (orderId: string) => `/admin/omnichannel/orders/${encodeURIComponent(orderId)}/payment-links`

export const paymentLinksApi = {
  ofOrder: (orderId: string) =>
    sdk.client.fetch<{ payment_links: PaymentLink[]; outstanding: Outstanding }>(base(orderId), { method: "GET" }),
  create: (
    orderId: string,
    key: string,
    body: { amount: number; currency_code: string; expires_in_hours: number; customer_email?: string; note?: string }
  ) => sdk.client.fetch<{ payment_link: PaymentLink }>(base(orderId), { method: "POST", body, headers: { "Idempotency-Key": key } }),
  cancel: (id: string) =>
    sdk.client.fetch<{ payment_link: PaymentLink }>(`/admin/omnichannel/payment-links/${id}/cancel`, { method: "POST", body: {} }),
}
