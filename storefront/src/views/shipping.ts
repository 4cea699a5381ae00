import type { HttpTypes } from "@medusajs/framework/types"
import { fields, h, money } from "../dom"
import type { Shop } from "../medusa"

/** The cart's shipping options; the first is chosen. */
export async function shippingView(shop: Shop, cart: HttpTypes.StoreCart, onDone: () => void): Promise<HTMLElement> {
  const { shipping_options } = await shop.sdk.store.fulfillment.listCartOptions({ cart_id: cart.id })
  const form = h(
    "form",
    { class: "step", testid: "shipping-step" },
    h("h2", {}, "Shipping"),
    ...shipping_options.map((o, i) =>
      h("label", { class: "choice" }, h("input", { type: "radio", name: "option_id", value: o.id, checked: i === 0 }), ` ${o.name} · ${money(o.amount, cart.currency_code)}`)
    ),
    h("button", { type: "submit", testid: "to-payment" }, "Continue to payment"),
    h("p", { class: "error", testid: "shipping-error" })
  )
  form.addEventListener("submit", async (event) => {
    event.preventDefault()
    try {
      await shop.sdk.store.cart.addShippingMethod(cart.id, { option_id: fields(form).option_id })
      onDone()
    } catch (err) {
      form.querySelector(".error")!.textContent = (err as Error).message
    }
  })
  return form
}
