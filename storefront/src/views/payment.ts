import type { HttpTypes } from "@medusajs/framework/types"
import type { MountedCardForm, PaymentStep } from "medusa-plugin-omnichannel-storefront"
import { h, money } from "../dom"
import type { Shop } from "../medusa"

/**
 * Card payment: a kept card (logged-in customer) or a new one typed in the platform's hosted
 * form, which this page never reads.
 */
export async function showPayment(slot: HTMLElement, shop: Shop, cart: HttpTypes.StoreCart, customer: HttpTypes.StoreCustomer | null, onResult: (step: PaymentStep) => void): Promise<void> {
  const saved = customer ? await shop.checkout.listSavedCards().catch(() => []) : []
  const cardSlot = h("div", { class: "card-slot", testid: "card-form" })
  const keep = customer ? h("input", { type: "checkbox", name: "keep", testid: "keep-card" }) : null
  const newCard = h("div", { class: "new-card" }, cardSlot, keep && h("label", { class: "choice" }, keep, " Keep my card for my next purchases"))
  const pay = h("button", { type: "submit", testid: "pay", disabled: true }, `Pay ${money(cart.total, cart.currency_code)}`)
  const note = h("p", { class: "note", testid: "payment-note" })

  let form: MountedCardForm | null = null
  const showNewCard = async () => {
    newCard.hidden = false
    if (form) return
    pay.disabled = true
    form = await shop.checkout.mountCardForm(cart, cardSlot)
    pay.disabled = false
  }
  const choose = (value: string) => {
    if (value !== "new") {
      newCard.hidden = true
      pay.disabled = false
      return
    }
    showNewCard().catch((err) => (note.textContent = `The card form could not open: ${(err as Error).message}`))
  }

  const radios = saved.length
    ? h(
        "fieldset",
        { testid: "saved-cards" },
        h("legend", {}, "Your saved cards"),
        ...saved.map((c, i) =>
          h("label", { class: "choice" }, h("input", { type: "radio", name: "card", value: c.token, checked: i === 0, testid: `saved-card-${c.last4}`, onchange: () => choose(c.token) }), ` ${c.brand.toUpperCase()} •••• ${c.last4}`)
        ),
        h("label", { class: "choice" }, h("input", { type: "radio", name: "card", value: "new", testid: "new-card", onchange: () => choose("new") }), " A new card")
      )
    : null

  const section = h("form", { class: "step", testid: "payment-step" }, h("h2", {}, "Payment"), radios, newCard, note, pay)
  section.addEventListener("submit", async (event) => {
    event.preventDefault()
    pay.disabled = true
    note.textContent = "Paying…"
    const choice = (section.querySelector('input[name="card"]:checked') as HTMLInputElement | null)?.value ?? "new"
    const returnUrl = `${window.location.origin}/shop/return/${cart.id}`
    const step =
      choice === "new"
        ? await shop.checkout.payWithCardForm(cart, form!, { returnUrl, storeCredentials: keep?.checked ?? false })
        : await shop.checkout.payWithSavedCard(cart, choice, { returnUrl })
    if (step.type === "redirect") note.textContent = "Your bank asks you to confirm the payment…"
    onResult(step)
  })

  // In the document before mounting: an iframe loads only there.
  slot.replaceChildren(section)
  choose(saved[0]?.token ?? "new")
}
