"use server"

import { sdk } from "@lib/config"
import type { HttpTypes } from "@medusajs/types"
import { redirect } from "next/navigation"
import { getAuthHeaders, getCartId, removeCartId } from "./cookies"

// The starter's src/lib/data/cart.ts, cut to what checkout needs (no cache tags: every read is fresh).

export async function retrieveCart(cartId?: string) {
  const id = cartId || (await getCartId())
  if (!id) return null
  const fields = "*items, *region, *shipping_methods, *payment_collection.payment_sessions, +customer_id"
  return sdk.client
    .fetch<HttpTypes.StoreCartResponse>(`/store/carts/${id}`, { query: { fields }, headers: await getAuthHeaders(), cache: "no-store" })
    .then(({ cart }) => cart)
    .catch(() => null)
}

export async function listCartPaymentMethods(regionId: string) {
  const { payment_providers } = await sdk.client.fetch<HttpTypes.StorePaymentProviderListResponse>("/store/payment-providers", {
    query: { region_id: regionId },
    headers: await getAuthHeaders(),
    cache: "no-store",
  })
  return payment_providers.sort((a, b) => (a.id > b.id ? 1 : -1))
}

export async function initiatePaymentSession(cart: HttpTypes.StoreCart, data: HttpTypes.StoreInitializePaymentSession) {
  return sdk.store.payment.initiatePaymentSession(cart, data, {}, await getAuthHeaders())
}

/** As the starter's: completes the cart; when Medusa placed the order, forgets the cart and redirects to its confirmation. */
export async function placeOrder(cartId?: string) {
  const id = cartId || (await getCartId())
  if (!id) throw new Error("No existing cart found when placing an order")
  const cartRes = await sdk.store.cart.complete(id, {}, await getAuthHeaders())
  if (cartRes?.type === "order") {
    const countryCode = cartRes.order.shipping_address?.country_code?.toLowerCase()
    await removeCartId()
    redirect(`/${countryCode}/order/${cartRes.order.id}/confirmed`)
  }
  return cartRes.cart
}

// omnichannel-glue:start cart.ts
export const listSavedCards = async () =>
  sdk.client.fetch<{ saved_cards: { crm_token: string; brand: string; last4: string }[] }>("/store/omnichannel/saved-cards", { headers: await getAuthHeaders() }).catch(() => ({ saved_cards: [] }))
// omnichannel-glue:end
