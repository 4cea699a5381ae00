export const CHANNELS = [
  "online",
  "in_store",
  "mobile_app",
  "kiosk",
  "phone",
  "pay_by_link",
  "marketplace",
] as const
export type Channel = (typeof CHANNELS)[number]

export const OPERATION_TYPES = ["payment", "authorization", "capture", "cancel", "refund", "payout"] as const
export type OperationType = (typeof OPERATION_TYPES)[number]

export const OPERATION_STATUSES = ["pending", "succeeded", "failed"] as const
export type OperationStatus = (typeof OPERATION_STATUSES)[number]

/** How the money came in or went back: the tender of a payment, the kind of a refund. */
export const PAYMENT_METHODS = ["card", "cash", "gift_card", "store_credit", "external"] as const
export type PaymentMethod = (typeof PAYMENT_METHODS)[number]

export const AUTHORIZATION_MODES = ["SALE", "FINAL_AUTHORIZATION", "PRE_AUTHORIZATION"] as const
export type AuthorizationMode = (typeof AUTHORIZATION_MODES)[number]

export type OperationInput = {
  type: OperationType
  channel: Channel
  amount: number
  currency_code: string
  /** Defaults to `card`: every operation before tenders existed was a card movement. */
  method?: PaymentMethod
  status?: OperationStatus
  authorization_mode?: AuthorizationMode | null
  parent_operation_id?: string | null
  reference?: string | null
  acquirer_reference?: string | null
  terminal_id?: string | null
  stock_location_id?: string | null
  idempotency_key?: string | null
  actor_id?: string | null
  note?: string | null
  cof_requestor?: string | null
  cof_sequence?: string | null
  medusa_payment_id?: string | null
  metadata?: Record<string, unknown> | null
}

export type OperationSettlement = {
  status: "succeeded" | "failed"
  acquirer_reference?: string | null
  error_code?: string | null
  error_message?: string | null
  medusa_payment_id?: string | null
  medusa_refund_id?: string | null
}

export type ChannelTotals = { paid: number; refunded: number }

export type ChainTotals = {
  paid: number
  refunded: number
  paid_out: number
  refundable: number
  authorized: number
  by_channel: Partial<Record<Channel, ChannelTotals>>
  /** The same money by tender: what cards, cash, gift cards... paid and got back. */
  by_method: Partial<Record<PaymentMethod, ChannelTotals>>
  /** What the chain's Medusa order still owes (see orderOwed); only in the admin API's chain view. */
  order_owed?: number | null
}

export type StockMovementInput = {
  source_key: string
  kind: "sale" | "count" | "adjustment" | "return"
  terminal_id: string
  stock_location_id: string
  sku: string
  variant_id: string
  inventory_item_id: string
  /** Units moved (negative for an adjustment down), or the level counted. */
  quantity: number
  occurred_at: string | Date
  reference?: string | null
}

/** A level as the terminals are told it, in units. */
export type StockLevelSnapshot = {
  stock_location_id: string
  inventory_item_id: string
  sku: string
  variant_id: string
  stocked_quantity: number
  reserved_quantity: number
  available_quantity: number
}

export type WebhookSettings = {
  /** First retry after this long; each next one waits twice as long, up to maxBackoffMs. */
  retryBaseMs: number
  maxBackoffMs: number
  /** Then the notification is given up ("dead") and shown to the admin. */
  maxAttempts: number
  timeoutMs: number
}
