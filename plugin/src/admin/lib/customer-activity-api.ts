import type { ChannelTotals } from "../../modules/omnichannel/types"
import { sdk } from "./sdk"

/** GET /admin/omnichannel/customers/:id/activity, amounts in minor units of each currency. */
export type CustomerActivity = {
  customer_id: string
  /** One entry per currency the customer paid in, the last used first. */
  totals: {
    currency_code: string
    orders: number
    paid: number
    refunded: number
    by_channel: Partial<Record<string, ChannelTotals>>
    first_at: string | null
    last_at: string | null
  }[]
  cards: { crm_token: string; brand: string; bin: string; last4: string; channels: string[]; last_used_at: string | null }[]
  /** A page of the customer's purchases (chains), newest first; `count` is all of them. */
  chains: {
    id: string
    payment_id: string
    currency_code: string
    origin_channel: string
    crm_token: string | null
    card: { brand: string; last4: string } | null
    order_id: string
    order_display_id: number | null
    totals: { paid: number; refunded: number; by_channel: Partial<Record<string, ChannelTotals>> }
    created_at: string
  }[]
  count: number
  payment_links: { id: string; url: string; amount: number; currency_code: string; status: string; expires_at: string; payment_id: string; order_id: string | null }[]
  refunds: {
    id: string
    payment_id: string
    order_id: string
    order_display_id: number | null
    amount: number
    currency_code: string
    channel: string
    method: string
    status: string
    reference: string | null
    created_at: string
  }[]
  limit: number
  offset: number
}

export const customerActivityApi = {
  activity: (customerId: string, { limit, offset }: { limit: number; offset: number }) =>
    sdk.client.fetch<CustomerActivity>(`/admin/omnichannel/customers/${customerId}/activity?limit=${limit}&offset=${offset}`, { method: "GET" }),
}
