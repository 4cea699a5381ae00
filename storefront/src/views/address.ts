import type { HttpTypes } from "@medusajs/framework/types"
import { fields, h } from "../dom"
import type { Shop } from "../medusa"

const input = (name: string, label: string, value = "", type = "text") =>
  h("label", {}, label, h("input", { name, type, value, required: true, testid: `address-${name}` }))

/** Email and delivery address (prefilled with a demo address so a newcomer can go straight on). */
export function addressView(shop: Shop, cart: HttpTypes.StoreCart, email: string, onDone: (cart: HttpTypes.StoreCart) => void): HTMLElement {
  const a = cart.shipping_address
  const countries = (cart.region?.countries ?? []).map((c) => c.iso_2 ?? "").filter(Boolean)
  const form = h(
    "form",
    { class: "step", testid: "address-step" },
    h("h2", {}, "Delivery address"),
    input("email", "Email", cart.email ?? email, "email"),
    input("first_name", "First name", a?.first_name ?? "Ada"),
    input("last_name", "Last name", a?.last_name ?? "Lovelace"),
    input("address_1", "Address", a?.address_1 ?? "1 rue de Rivoli"),
    input("city", "City", a?.city ?? "Paris"),
    input("postal_code", "Postal code", a?.postal_code ?? "75001"),
    h("label", {}, "Country", h("select", { name: "country_code", testid: "address-country" }, ...(countries.length ? countries : ["fr"]).map((c) => h("option", { value: c }, c.toUpperCase())))),
    h("button", { type: "submit", testid: "to-shipping" }, "Continue to shipping"),
    h("p", { class: "error", testid: "address-error" })
  )
  form.addEventListener("submit", async (event) => {
    event.preventDefault()
    const { email: mail, ...address } = fields(form)
    try {
      const { cart: updated } = await shop.sdk.store.cart.update(cart.id, { email: mail, shipping_address: address, billing_address: address })
      onDone(updated)
    } catch (err) {
      form.querySelector(".error")!.textContent = (err as Error).message
    }
  })
  return form
}
