import type { AxiosInstance } from "axios"
import type { SeedResult } from "../../src/scripts/seed"
import { OMNICHANNEL_PROVIDER_ID } from "../../src/scripts/seed"

export const TEST_CARDS = {
  approved: "4242424242424242",
  declined: "4000000000000002",
  insufficientFunds: "4000000000009995",
  acquirerError: "4000000000000119",
} as const

export type CheckoutOptions = {
  card: string
  store_credentials?: boolean
  currency?: "eur" | "jpy"
  sku?: string
  quantity?: number
}

/** A storefront's checkout through Medusa's Store API, ending in an order or an error. */
export async function checkout(api: AxiosInstance, seed: SeedResult, opts: CheckoutOptions) {
  const headers = { "x-publishable-api-key": seed.publishable_key }
  const currency = opts.currency ?? "eur"
  const country = currency === "eur" ? "fr" : "jp"
  const email = `shopper-${Math.random().toString(36).slice(2, 8)}@example.com`

  const { data: products } = await api.get(`/store/products?region_id=${seed.region_ids[currency]}&fields=*variants`, { headers })
  const variant = products.products
    .flatMap((p: { variants: { id: string; sku: string }[] }) => p.variants)
    .find((v: { sku: string }) => v.sku === (opts.sku ?? "SHIRT-M"))

  const { data: created } = await api.post("/store/carts", { region_id: seed.region_ids[currency], email }, { headers })
  const cartId = created.cart.id
  await api.post(`/store/carts/${cartId}/line-items`, { variant_id: variant.id, quantity: opts.quantity ?? 2 }, { headers })
  const address = { first_name: "Ada", last_name: "Lovelace", address_1: "1 rue de Rivoli", city: "Paris", postal_code: "75001", country_code: country }
  await api.post(`/store/carts/${cartId}`, { shipping_address: address, billing_address: address }, { headers })
  const { data: options } = await api.get(`/store/shipping-options?cart_id=${cartId}`, { headers })
  const standard = options.shipping_options.find((o: { name: string }) => o.name === "Standard shipping")
  await api.post(`/store/carts/${cartId}/shipping-methods`, { option_id: standard.id }, { headers })
  const { data: pc } = await api.post("/store/payment-collections", { cart_id: cartId }, { headers })

  const session = await api
    .post(
      `/store/payment-collections/${pc.payment_collection.id}/payment-sessions`,
      {
        provider_id: OMNICHANNEL_PROVIDER_ID,
        data: {
          card: { number: opts.card, exp_month: 12, exp_year: new Date().getFullYear() + 2, cvc: "737", holder_name: "Ada Lovelace" },
          store_credentials: opts.store_credentials ?? false,
        },
      },
      { headers }
    )
    .catch((e) => e.response)

  const completed = await api.post(`/store/carts/${cartId}/complete`, {}, { headers }).catch((e) => e.response)
  return {
    cart_id: cartId,
    email,
    session,
    completed,
    order: completed.data?.type === "order" ? completed.data.order : null,
  }
}
