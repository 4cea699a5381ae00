import type { AxiosInstance } from "axios"
import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { TestEventUtils } from "@medusajs/test-utils"
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

/** A checkout that waits until the order-placed subscribers (chain linking) have run. */
export async function placeOrder(api: AxiosInstance, container: MedusaContainer, seed: SeedResult, opts: CheckoutOptions) {
  const placed = TestEventUtils.waitSubscribersExecution("order.placed", container.resolve(Modules.EVENT_BUS))
  const result = await checkout(api, seed, opts)
  if (result.order) await placed
  return result
}

/** An online order paid by card and captured with Medusa's own admin action. */
export async function paidOnlineOrder(
  api: AxiosInstance,
  container: MedusaContainer,
  seed: SeedResult,
  adminHeaders: Record<string, string>,
  card: string = TEST_CARDS.approved,
  store_credentials = true
) {
  const { order } = await placeOrder(api, container, seed, { card, store_credentials })
  const { data } = await container.resolve(ContainerRegistrationKeys.QUERY).graph({
    entity: "order",
    fields: ["payment_collections.payments.id", "omnichannel_chains.payment_id"],
    filters: { id: order.id },
  })
  const o = data[0] as any
  await api.post(`/admin/payments/${o.payment_collections[0].payments[0].id}/capture`, {}, { headers: adminHeaders })
  return { order_id: order.id as string, payment_id: o.omnichannel_chains[0].payment_id as string }
}
