import type { HttpTypes } from "@medusajs/framework/types"
import { h, money } from "../dom"

/** The cart's lines and total, with the way to checkout. */
export function cartView(cart: HttpTypes.StoreCart | null, onCheckout: () => void): HTMLElement {
  if (!cart?.items?.length) return h("section", { class: "cart", testid: "cart" }, h("h2", {}, "Cart"), h("p", {}, "Your cart is empty."))
  const currency = cart.currency_code
  return h(
    "section",
    { class: "cart", testid: "cart" },
    h("h2", {}, "Cart"),
    h("ul", {}, ...cart.items.map((i) => h("li", { testid: "cart-line" }, `${i.quantity} × ${i.variant_title || i.product_title} · ${money(i.total, currency)}`))),
    h("p", { testid: "cart-total" }, `Total: ${money(cart.total, currency)}`),
    h("button", { testid: "checkout", onclick: onCheckout }, "Checkout")
  )
}
