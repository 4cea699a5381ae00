import type { SkuVariant } from "../common/variants-by-sku"
import type { PublicTerminal } from "../../modules/omnichannel/service"
import type { PosSale } from "../../pos-client/client"

/** A validated sale (defaults applied) and the terminal that sent it. */
export type PosSaleInput = Omit<PosSale, "items"> & {
  terminal: PublicTerminal
  items: (PosSale["items"][number] & { fulfilled: boolean })[]
}

export type SaleLine = {
  sku: string
  variant_id: string
  product_id: string
  title: string
  quantity: number
  unit_price: number
  fulfilled: boolean
  inventory: SkuVariant["inventory"]
}

export type SaleTarget = {
  chain_id: string | null
  payment_id: string | null
  order_id: string | null
  currency_code: string
  region_id: string | null
  sales_channel_id: string | null
}

/** Where a gift-card or store-credit payment of the sale takes its value from. */
export type SaleTender = { index: number; account_id: string; gift_card_id?: string }
