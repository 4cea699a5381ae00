import type { HttpTypes } from "@medusajs/framework/types"
import { fields, h } from "../dom"
import type { Shop } from "../medusa"
import { register, signIn, signOut } from "../account"

/** Who is shopping: a logged-in customer, or forms to log in or register. */
export function accountView(shop: Shop, customer: HttpTypes.StoreCustomer | null, onChange: () => void): HTMLElement {
  if (customer) {
    return h(
      "div",
      { class: "account", testid: "account" },
      h("span", { testid: "signed-in-as" }, `Signed in as ${customer.email}`),
      h("button", { class: "link", testid: "logout", onclick: () => signOut(shop).then(onChange) }, "Log out")
    )
  }
  const error = h("p", { class: "error", testid: "account-error" })
  const form = h(
    "form",
    { class: "account", testid: "account-form" },
    h("input", { name: "email", type: "email", placeholder: "Email", required: true, testid: "account-email" }),
    h("input", { name: "password", type: "password", placeholder: "Password", required: true, testid: "account-password" }),
    h("input", { name: "first_name", placeholder: "First name (to register)", testid: "account-first-name" }),
    h("input", { name: "last_name", placeholder: "Last name (to register)", testid: "account-last-name" }),
    h("button", { type: "submit", name: "action", value: "login", testid: "login" }, "Log in"),
    h("button", { type: "submit", name: "action", value: "register", testid: "register" }, "Register"),
    error
  )
  form.addEventListener("submit", async (event) => {
    event.preventDefault()
    const action = ((event as SubmitEvent).submitter as HTMLButtonElement | null)?.value
    const f = fields(form)
    try {
      if (action === "register") await register(shop, { email: f.email, password: f.password, first_name: f.first_name || "Ada", last_name: f.last_name || "Lovelace" })
      else await signIn(shop, f.email, f.password)
      onChange()
    } catch (err) {
      error.textContent = (err as Error).message
    }
  })
  return form
}
