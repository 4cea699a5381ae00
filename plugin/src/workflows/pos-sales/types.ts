import type { PublicTerminal } from "../../modules/omnichannel/service"

export type PosSaleCard = { brand?: string; bin: string; last4: string; offline_token: string; store_credentials?: boolean }

export type PosSaleInput = {
  terminal: PublicTerminal
  sale_id: string
  occurred_at: string
  currency_code: string
  payment_id?: string
  order_id?: string
  customer?: { email: string; first_name?: string; last_name?: string }
  items: { sku: string; quantity: number; unit_price: number; fulfilled: boolean }[]
  payments: { method: "card"; amount: number; authorization_mode: "SALE"; acquirer_reference?: string; card?: PosSaleCard }[]
}

export type SaleLine = { sku: string; variant_id: string; product_id: string; title: string; quantity: number; unit_price: number; fulfilled: boolean }

export type SaleTarget = {
  chain_id: string | null
  payment_id: string | null
  order_id: string | null
  currency_code: string
  region_id: string | null
  sales_channel_id: string | null
}
