import type { HttpTypes } from "@medusajs/framework/types"
import type { Shop } from "./medusa"
import { cartId, forgetCart } from "./cart-store"

export async function me(shop: Shop): Promise<HttpTypes.StoreCustomer | null> {
  if (!(await shop.sdk.client.getToken())) return null
  return shop.sdk.store.customer.retrieve().then(
    (r) => r.customer,
    async () => {
      await shop.sdk.client.clearToken()
      return null
    }
  )
}

/** Logs in (a refusal throws its words) and makes the open cart the customer's. */
export async function signIn(shop: Shop, email: string, password: string) {
  const token = await shop.sdk.auth.login("customer", "emailpass", { email, password })
  if (typeof token !== "string") throw new Error("This login needs another step, which this shop does not offer.")
  // A cart made before logging in becomes the customer's, so the card can be kept for them.
  const id = cartId()
  if (id) await shop.sdk.store.cart.transferCart(id).catch(() => undefined)
}

export async function register(shop: Shop, input: { email: string; password: string; first_name: string; last_name: string }) {
  await shop.sdk.auth.register("customer", "emailpass", { email: input.email, password: input.password })
  await shop.sdk.store.customer.create({ email: input.email, first_name: input.first_name, last_name: input.last_name })
  await signIn(shop, input.email, input.password)
}

export async function signOut(shop: Shop) {
  await shop.sdk.auth.logout().catch(() => undefined)
  await shop.sdk.client.clearToken()
  // The cart was the customer's; the next shopper on this browser starts a new one.
  forgetCart()
}
