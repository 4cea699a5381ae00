import type { AxiosInstance } from "axios"
import { computeOfflineToken, type PosClient, type PosSale } from "../plugin/src/pos-client"
import { tokenKey } from "../src/demo-token-key"
import { TEST_CARDS } from "../integration-tests/helpers/checkout"
import type { SeedResult } from "../src/scripts/seed"

/** The three lines both flows sell: what a till's basket and a web cart hold in the benchmark. */
export const BASKET = [
  { sku: "SHIRT-S", unit_price: 1500 },
  { sku: "TOTE-NATURAL", unit_price: 1250 },
  { sku: "CUP-GLAZED", unit_price: 900 },
]
export const BASKET_TOTAL = BASKET.reduce((s, l) => s + l.unit_price, 0)

// A test card's offline token, computed once: a till computes it when the card is read.
const OFFLINE_TOKEN = computeOfflineToken(tokenKey(), TEST_CARDS.approved)

/** A till's sale: three lines handed over, one card payment. Resolves only on 201. */
export async function posSale(till: PosClient, saleId: string) {
  const sale: PosSale = {
    sale_id: saleId,
    occurred_at: new Date().toISOString(),
    currency_code: "EUR",
    items: BASKET.map((l) => ({ ...l, quantity: 1, fulfilled: true })),
    payments: [
      { method: "card", amount: BASKET_TOTAL, acquirer_reference: `T-${saleId}`, card: { brand: "visa", bin: "424242", last4: "4242", offline_token: OFFLINE_TOKEN } },
    ],
  }
  const res = await till.sales(sale)
  if (res.status !== 201) throw new Error(`POS sale answered ${res.status} ${JSON.stringify(res.data)}`)
  return res.data as { order_id: string; payment_id: string }
}

export type StoreContext = { seed: SeedResult; variants: Record<string, string> }

/** The variant ids of the basket's SKUs, read through the Store API. */
export async function storeContext(store: AxiosInstance, seed: SeedResult): Promise<StoreContext> {
  const headers = { "x-publishable-api-key": seed.publishable_key }
  const { data } = await store.get(`/store/products?region_id=${seed.region_ids.eur}&fields=*variants&limit=50`, { headers })
  const variants: Record<string, string> = {}
  for (const p of data.products) for (const v of p.variants) variants[v.sku] = v.id
  return { seed, variants }
}

/**
 * The same basket as an order through Medusa's Store API, every step a storefront takes:
 * cart, three line items, addresses, shipping options and method, payment collection and
 * session, complete. `pay` is the payment step: by default Medusa's own system payment
 * provider (one session, no data), so the path is Medusa's alone.
 */
export async function cartOrder(
  store: AxiosInstance,
  ctx: StoreContext,
  pay: (sessionsUrl: string, headers: Record<string, string>) => Promise<unknown> = (url, headers) =>
    store.post(url, { provider_id: "pp_system_default" }, { headers })
) {
  const headers = { "x-publishable-api-key": ctx.seed.publishable_key }
  const { data: created } = await store.post("/store/carts", { region_id: ctx.seed.region_ids.eur, email: "bench@example.com" }, { headers })
  const cartId = created.cart.id
  for (const line of BASKET) {
    await store.post(`/store/carts/${cartId}/line-items`, { variant_id: ctx.variants[line.sku], quantity: 1 }, { headers })
  }
  const address = { first_name: "Ada", last_name: "Lovelace", address_1: "1 rue de Rivoli", city: "Paris", postal_code: "75001", country_code: "fr" }
  await store.post(`/store/carts/${cartId}`, { shipping_address: address, billing_address: address }, { headers })
  const { data: options } = await store.get(`/store/shipping-options?cart_id=${cartId}`, { headers })
  const standard = options.shipping_options.find((o: { name: string }) => o.name === "Standard shipping")
  await store.post(`/store/carts/${cartId}/shipping-methods`, { option_id: standard.id }, { headers })
  const { data: pc } = await store.post("/store/payment-collections", { cart_id: cartId }, { headers })
  await pay(`/store/payment-collections/${pc.payment_collection.id}/payment-sessions`, headers)
  const { data: done } = await store.post(`/store/carts/${cartId}/complete`, {}, { headers })
  if (done.type !== "order") throw new Error(`cart did not complete: ${JSON.stringify(done).slice(0, 300)}`)
  return done.order as { id: string }
}

/** Enough stock everywhere that no flow is refused for it during the run. */
export async function plentyOfStock(admin: AxiosInstance, seed: SeedResult) {
  for (const line of BASKET) {
    const { data } = await admin.get(`/admin/inventory-items?sku=${line.sku}`)
    const item = data.inventory_items[0]
    for (const location of Object.values(seed.stock_location_ids)) {
      await admin.post(`/admin/inventory-items/${item.id}/location-levels/${location}`, { stocked_quantity: 10_000_000 })
    }
  }
}
