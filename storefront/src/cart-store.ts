import type { HttpTypes } from "@medusajs/framework/types"
import type { Shop } from "./medusa"

const KEY = "omni_shop_cart"

export const cartId = () => localStorage.getItem(KEY)
export const forgetCart = () => localStorage.removeItem(KEY)

const CART_FIELDS = "*items,+payment_collection.id,+shipping_methods.name,+customer_id"

export async function currentCart(shop: Shop): Promise<HttpTypes.StoreCart | null> {
  const id = cartId()
  if (!id) return null
  try {
    const { cart } = await shop.sdk.store.cart.retrieve(id, { fields: CART_FIELDS })
    if (cart.completed_at) throw new Error("completed")
    return cart
  } catch {
    forgetCart()
    return null
  }
}

/** The open cart, or a new one in the shop's region (a logged-in customer's token makes it theirs). */
export async function ensureCart(shop: Shop): Promise<HttpTypes.StoreCart> {
  const existing = await currentCart(shop)
  if (existing) return existing
  const { cart } = await shop.sdk.store.cart.create({ region_id: shop.config.region_id }, { fields: CART_FIELDS })
  localStorage.setItem(KEY, cart.id)
  return cart
}

export async function addItem(shop: Shop, variantId: string, quantity = 1) {
  const cart = await ensureCart(shop)
  return (await shop.sdk.store.cart.createLineItem(cart.id, { variant_id: variantId, quantity }, { fields: CART_FIELDS })).cart
}
