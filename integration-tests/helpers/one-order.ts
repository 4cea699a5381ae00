import type { AxiosInstance, AxiosResponse } from "axios"
import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { createGiftCardsWorkflow } from "@medusajs/loyalty-plugin/workflows"
import type { PosClient, PosRefund, PosSale, PosSalePayment } from "../../plugin/src/pos-client"
import { toMajor, toMinor } from "../../plugin/src/money"
import { seedAndLogin } from "./admin"
import { newTill } from "./till-sale"
import { placeOrder, registerCustomer, shipWholeOrder, TEST_CARDS, tokenizeInHostedForm, type Customer } from "./checkout"
import type { SeedResult } from "../../src/scripts/seed"

/**
 * One purchase, moved by every channel the plugin serves: the shop (seeded store, admin,
 * a till at the Paris store, a registered customer who can hold store credit) and the
 * calls each channel makes on the order, answering the HTTP response as is.
 */
export type Shop = {
  http: AxiosInstance
  container: MedusaContainer
  seed: SeedResult
  headers: Record<string, string>
  pos: PosClient
  terminal: { id: string; stock_location_id: string }
  customer: Customer
}

export type Currency = "EUR" | "JPY"
/** The seed's prices in minor units (EUR cents, yen). */
export const PRICES: Record<Currency, Record<string, number>> = {
  EUR: { "SHIRT-M": 1500, "CUP-GLAZED": 900, "TOTE-NATURAL": 1250 },
  JPY: { "SHIRT-M": 2400, "CUP-GLAZED": 1500, "TOTE-NATURAL": 1980 },
}

export async function openShop(api: AxiosInstance, container: MedusaContainer): Promise<Shop> {
  const { seed, headers } = await seedAndLogin(container, api)
  const { terminal, pos } = await newTill(api, headers, { name: "Till", stock_location_id: seed.stock_location_ids.store_paris })
  const customer = await registerCustomer(api, seed)
  return { http: api, container, seed, headers, pos, terminal, customer }
}

export const admin = (shop: Shop, method: "get" | "post", url: string, body?: unknown): Promise<AxiosResponse> =>
  shop.http.request({ method, url, data: body, headers: shop.headers }).catch((e) => e.response)

export const chainOf = async (shop: Shop, paymentId: string) => (await admin(shop, "get", `/admin/omnichannel/chains/${paymentId}`)).data.chain

/** An online order by the registered customer, card authorized (not captured) and kept for later payments. */
export async function onlineOrder(shop: Shop, currency: Currency, quantity = 2) {
  const { order, completed } = await placeOrder(shop.http, shop.container, shop.seed, {
    card: TEST_CARDS.approved,
    store_credentials: true,
    currency: currency.toLowerCase() as "eur" | "jpy",
    customer: shop.customer,
    quantity,
  })
  if (!order) throw new Error(`onlineOrder: no order (${completed?.status} ${JSON.stringify(completed?.data)})`)
  // Shipped at once: the customer has the goods, so a till can take them back.
  await shipWholeOrder(shop.container, shop.seed, order.id)
  const { data } = await shop.container.resolve(ContainerRegistrationKeys.QUERY).graph({
    entity: "order",
    fields: ["payment_collections.payments.id", "omnichannel_chains.payment_id"],
    filters: { id: order.id },
  })
  const row = data[0] as any
  const payment_id: string = row.omnichannel_chains[0].payment_id
  const chain = await chainOf(shop, payment_id)
  return {
    order_id: order.id as string,
    payment_id,
    medusa_payment_id: row.payment_collections[0].payments[0].id as string,
    authorized: chain.totals.authorized as number,
  }
}

/** Medusa's own "Capture payment" of the admin. */
export const captureInMedusa = (shop: Shop, medusaPaymentId: string) => admin(shop, "post", `/admin/payments/${medusaPaymentId}/capture`, {})

let n = 0
export const nextRef = (prefix: string) => `${prefix}-${++n}-${Date.now().toString(36)}`

/** A loyalty-plugin gift card worth `amount` minor units. */
export async function newGiftCard(shop: Shop, amount: number, currency: Currency) {
  const code = nextRef("GIFT").toUpperCase()
  await createGiftCardsWorkflow(shop.container).run({
    input: [{ code, value: toMajor(amount, currency), currency_code: currency.toLowerCase() }] as never,
  })
  return code
}

/** What a till sends for `amount` paid with `tender`. */
export async function tenderOf(shop: Shop, tender: "cash" | "card" | "gift_card", amount: number, currency: Currency): Promise<PosSalePayment> {
  if (tender === "cash") return { method: "cash", amount }
  if (tender === "gift_card") return { method: "gift_card", amount, code: await newGiftCard(shop, amount, currency) }
  return { method: "card", amount, acquirer_reference: nextRef("T"), card: { brand: "visa", bin: "424242", last4: "4242" } }
}

/** A till sale into the chain's order: one line of `sku`, paid `paid` (less than the line: a deposit, handed over later). */
export async function tillAddOn(
  shop: Shop,
  p: { payment_id: string; currency: Currency; sku: string; tender: "cash" | "card" | "gift_card"; paid?: number; unit_price?: number }
) {
  const price = p.unit_price ?? PRICES[p.currency][p.sku]
  const paid = p.paid ?? price
  const sale: PosSale = {
    sale_id: nextRef("S-ADDON"),
    occurred_at: new Date().toISOString(),
    currency_code: p.currency,
    payment_id: p.payment_id,
    items: [{ sku: p.sku, quantity: 1, unit_price: price, fulfilled: paid >= price }],
    payments: [await tenderOf(shop, p.tender, paid, p.currency)],
  }
  return shop.pos.sales(sale)
}

/** DESIGN 7.1's till return: a refund tied to a Medusa return of `items`, received at the till's location. */
export type TillReturn = PosRefund & { items?: { sku: string; quantity: number; reason?: string }[]; restock?: boolean }
export const tillRefund = (shop: Shop, body: TillReturn) => shop.pos.refunds(body as PosRefund)

/** The customer's browser on a payment link's page: the sandbox's hosted form, an approved card, Pay. */
export async function payLink(shop: Shop, url: string) {
  const token = decodeURIComponent(url.split("/").pop()!)
  const store = { "x-publishable-api-key": shop.seed.publishable_key }
  const call = (body: unknown) =>
    shop.http.post(`/store/omnichannel/payment-links/${token}/pay`, body, { headers: store }).catch((e) => e.response)
  const form = await call({})
  if (form.status !== 200) return form
  const hosted = await tokenizeInHostedForm(shop.http, form.data.hosted_card, TEST_CARDS.approved)
  return call({ hosted_tokenization_id: hosted, return_url: `http://localhost:9000/shop/pay/${token}?returned=1` })
}

/** The order's items as Medusa counts them: sold and returned (received) per SKU. */
export async function itemQuantities(shop: Shop, orderId: string) {
  // The order module's own view (Query answers these quantities as BigNumber objects).
  const order = await shop.container.resolve(Modules.ORDER).retrieveOrder(orderId, { relations: ["items", "items.detail"] })
  const bySku: Record<string, { sold: number; returned: number }> = {}
  for (const item of order.items ?? []) {
    const row = (bySku[item.variant_sku ?? ""] ??= { sold: 0, returned: 0 })
    row.sold += Number(item.quantity)
    row.returned += Number(item.detail?.return_received_quantity ?? 0)
  }
  return bySku
}

/** The order's stored summary, in minor units. */
export async function summaryOf(shop: Shop, orderId: string, currency: Currency) {
  const { data } = await shop.container.resolve(ContainerRegistrationKeys.QUERY).graph({ entity: "order", fields: ["summary.*"], filters: { id: orderId } })
  const s = (data[0] as any).summary
  const minor = (v: unknown) => toMinor(v as number, currency)
  return { current_order_total: minor(s.current_order_total), pending_difference: minor(s.pending_difference), paid_total: minor(s.paid_total) }
}
