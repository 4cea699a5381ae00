import axios, { type AxiosInstance } from "axios"
import { POS_HEADERS, signPosPayload } from "./signing"

/** A card as the till saw it: never the number, only what identifies it. */
export type PosCard = {
  brand?: string
  bin: string
  last4: string
  /** HMAC of the PAN with the merchant's token key, when the till computes offline tokens. */
  offline_token?: string
  /** The scheme's payment account reference, when the terminal reports it. */
  par?: string
  /** The customer agreed at the till to keep the card for later payments. */
  store_credentials?: boolean
}

export type PosSaleItem = { sku: string; quantity: number; unit_price: number; fulfilled?: boolean }
/** One tender of a sale; amounts in minor units of the sale's currency. */
export type PosSalePayment =
  /** `offline`: approved by the terminal without network; its outcome follows through `cardOutcomes`. */
  | { method: "card"; amount: number; authorization_mode?: "SALE"; acquirer_reference?: string; card?: PosCard; offline?: boolean }
  /** `amount` is what the till kept; `tendered` and `change` as counted at the till. */
  | { method: "cash"; amount: number; tendered?: number; change?: number }
  | { method: "gift_card"; amount: number; code: string }
  /** From the account of the sale's `customer`. */
  | { method: "store_credit"; amount: number }
  | { method: "external"; amount: number; label: string; reference?: string }
export type PosSale = {
  sale_id: string
  occurred_at: string
  currency_code: string
  payment_id?: string
  order_id?: string
  customer?: { email: string; first_name?: string; last_name?: string }
  items: PosSaleItem[]
  payments: PosSalePayment[]
  /** Where lines sold `fulfilled: false` will be handed over (default: the terminal's location). */
  ship_from_location_id?: string
}
/** One sale's answer in a batch: what `POST /pos/sales` would have answered for it. */
export type PosSalesBatchResult = { sale_id: string | null; status: number; body: any; replayed?: boolean }
/** What became of a card the till approved offline, by the terminal's own reference of it. */
export type PosCardOutcome = { acquirer_reference: string; outcome: "approved" | "declined"; reason?: string }
/** One outcome's answer: 200 with the payment's operation (`replayed` when reported before), or the refusal (404 OPERATION_NOT_FOUND, 409 OPERATION_ALREADY_SETTLED). */
export type PosCardOutcomeResult = { acquirer_reference: string; status: number; body: any; replayed?: boolean }
export type RefundMethod = "card" | "cash" | "store_credit" | "gift_card"
export type PosRefund = {
  payment_id: string
  amount: number
  currency_code: string
  reference: string
  method?: RefundMethod
  /** Goods brought back to the till: a return of them on the order, received at the terminal's location. */
  items?: { sku: string; quantity: number; reason?: string }[]
  /** Put the returned goods back in stock (default true). */
  restock?: boolean
}
export type PosStockEvent = {
  event_id: string
  type: "stock.counted" | "stock.adjusted" | "item.returned"
  sku: string
  quantity: number
  occurred_at: string
}

/** What the store answers to a stock event: the level before and after at the terminal's location. */
export type PosStockEventResult = {
  event_id: string
  type: PosStockEvent["type"]
  sku: string
  quantity: number
  stock_location_id: string
  movements: {
    id: string
    inventory_item_id: string
    level_before: number
    level_after: number
    delta: number
    superseded_by_count: boolean
    discrepancy: boolean
  }[]
}

/**
 * A notification the store POSTs to a terminal's webhook_url. `sequence` grows with
 * every notification: apply a level only if its sequence is above the last one applied
 * for that item, since a retried notification can arrive after a newer one.
 */
export type StoreWebhook =
  | { id: string; type: "inventory.level_changed"; sequence: number; created_at: string; data: StoreLevelChanged }
  | { id: string; type: "order.placed" | "order.canceled"; sequence: number; created_at: string; data: StoreOrderNotice }

export type StoreLevelChanged = {
  stock_location_id: string
  inventory_item_id: string
  sku: string | null
  variant_id: string | null
  stocked_quantity: number
  reserved_quantity: number
  available_quantity: number
}

export type StoreOrderNotice = {
  order_id: string
  display_id: number | null
  status: string
  sales_channel_id: string | null
  payment_ids: string[]
  items: { sku: string | null; variant_id: string | null; quantity: number }[]
}

/** The terminal's store-and-forward limits (amounts in minor units of currency_code); null when the admin set none. */
export type PosOfflineLimits = { max_payment: number; max_total: number; max_hours: number; currency_code: string }
export type PosTerminal = { id: string; name: string; stock_location_id: string; offline: PosOfflineLimits | null }

export type PosClientOptions = {
  baseUrl: string
  terminalId: string
  secret: string
  /** Clock of the till, for tests; defaults to now. */
  now?: () => number
  timeoutMs?: number
}

/** A payment link for a chain (`payment_id`) or an order (`order_id`): exactly one of them. */
export type PosPaymentLinkRequest = {
  payment_id?: string
  order_id?: string
  amount: number
  currency_code: string
  customer_email: string
  expires_in_hours?: number
  note?: string
}

/**
 * A typed client for the store's /pos/* routes: every request is signed with the
 * terminal's secret. Answers are returned as they come (status and body), errors too.
 */
export class PosClient {
  private readonly http: AxiosInstance

  constructor(private readonly options: PosClientOptions) {
    this.http = axios.create({
      baseURL: options.baseUrl,
      timeout: options.timeoutMs ?? 10_000,
      validateStatus: () => true,
    })
  }

  sales(sale: PosSale, idempotencyKey?: string) {
    return this.post("/pos/sales", sale, idempotencyKey)
  }

  /** A backlog of sales in one request (at most 200): `{ results: [{ sale_id, status, body }] }`, one per sale in the order sent. */
  salesBatch(sales: PosSale[]) {
    return this.post<{ results: PosSalesBatchResult[] }>("/pos/sales/batch", { sales })
  }

  refunds(refund: PosRefund, idempotencyKey?: string) {
    return this.post("/pos/refunds", refund, idempotencyKey)
  }

  events(event: PosStockEvent) {
    return this.post("/pos/events", event)
  }

  /** Asks the customer to pay (e.g. the balance after a deposit) by a link sent to `customer_email`. */
  paymentLinks(request: PosPaymentLinkRequest, idempotencyKey?: string) {
    return this.post("/pos/payment-links", request, idempotencyKey)
  }

  verifyClickCollect(input: { payment_id: string; offline_token: string }) {
    return this.post("/pos/click-collect/verify", input)
  }

  /**
   * The outcomes of cards this till approved offline (at most 500): `{ results: [{ acquirer_reference, status, body }] }`,
   * one per outcome in the order sent. The same outcome sent again is answered, not applied again.
   */
  cardOutcomes(outcomes: PosCardOutcome[]) {
    return this.post<{ results: PosCardOutcomeResult[] }>("/pos/card-outcomes", { outcomes })
  }

  /** This till as the store knows it, with the offline limits to enforce while it has no network. */
  terminal() {
    return this.get<{ terminal: PosTerminal }>("/pos/terminal")
  }

  /** A signed GET: the signature covers an empty body. */
  async get<T = any>(path: string) {
    const timestamp = Math.floor((this.options.now?.() ?? Date.now()) / 1000)
    const res = await this.http.get<T>(path, {
      headers: {
        [POS_HEADERS.terminal]: this.options.terminalId,
        [POS_HEADERS.timestamp]: String(timestamp),
        [POS_HEADERS.signature]: signPosPayload(this.options.secret, timestamp, ""),
      },
    })
    return { status: res.status, data: res.data, headers: res.headers }
  }

  post<T = any>(path: string, body: unknown, idempotencyKey?: string) {
    return this.postRaw<T>(path, JSON.stringify(body), idempotencyKey)
  }

  /** Sends these exact bytes, signed (what a till with its own JSON encoder does). */
  async postRaw<T = any>(path: string, raw: string, idempotencyKey?: string) {
    const timestamp = Math.floor((this.options.now?.() ?? Date.now()) / 1000)
    const res = await this.http.post<T>(path, raw, {
      headers: {
        "content-type": "application/json",
        [POS_HEADERS.terminal]: this.options.terminalId,
        [POS_HEADERS.timestamp]: String(timestamp),
        [POS_HEADERS.signature]: signPosPayload(this.options.secret, timestamp, raw),
        ...(idempotencyKey ? { "idempotency-key": idempotencyKey } : {}),
      },
      transformRequest: (data) => data,
    })
    return { status: res.status, data: res.data, headers: res.headers }
  }
}
