import { formatAmount, type MountedCardForm, type PaymentLink, type PaymentLinkState } from "medusa-plugin-omnichannel-storefront"
import { h } from "../dom"
import type { Shop } from "../medusa"

const amount = (minor: number, currency: string) => formatAmount(minor, currency, "en-GB")
const date = (iso: string) => new Date(iso).toLocaleString("en-GB", { dateStyle: "long", timeStyle: "short" })

const CLOSED: Record<Exclude<PaymentLink["status"], "open">, { title: string; text: string }> = {
  paid: { title: "This payment link has already been paid", text: "Nothing more is due by this link." },
  expired: { title: "This payment link has expired", text: "Please ask the merchant for a new link." },
  canceled: { title: "This payment link was canceled", text: "Please ask the merchant if something is still due." },
}

/**
 * The page a customer opens from the merchant's email (/shop/pay/:token): what is due on which
 * order, the platform's hosted card form, and the 3-D Secure round trip, which comes back here
 * with `?returned=1`. The token in the URL is the customer's only key to the link.
 */
export async function payLinkPage(slot: HTMLElement, shop: Shop, token: string, returned: boolean): Promise<void> {
  if (returned) {
    slot.replaceChildren(h("section", { class: "step", testid: "confirming" }, h("h2", {}, "Confirming your payment…")))
    // A reload of this page must not confirm again: the link's own state says how it went.
    history.replaceState(null, "", window.location.pathname)
    const result = await shop.paymentLinks.complete(token)
    const link = await load(shop, token)
    if (result.type === "paid") return void slot.replaceChildren(received(result.payment_link, link))
    if (!link) return void slot.replaceChildren(missing())
    return show(slot, shop, token, link, result.message)
  }
  const link = await load(shop, token)
  if (!link) return void slot.replaceChildren(missing())
  await show(slot, shop, token, link)
}

/** The link, or null when the store knows no such token. */
async function load(shop: Shop, token: string): Promise<PaymentLink | null> {
  try {
    return await shop.paymentLinks.load(token)
  } catch (err) {
    if ((err as { status?: number }).status === 404) return null
    throw err
  }
}

/** An open link: the summary and the card form; otherwise why it cannot be paid. */
async function show(slot: HTMLElement, shop: Shop, token: string, link: PaymentLink, error?: string): Promise<void> {
  if (link.status !== "open") return void slot.replaceChildren(closed(link))

  const cardSlot = h("div", { class: "card-slot", testid: "card-form" })
  const note = h("p", { class: "note", testid: "payment-note" }, "Opening the card form…")
  const problem = h("p", { class: "error", testid: "payment-error", hidden: !error }, error)
  const pay = h("button", { type: "submit", testid: "pay", disabled: true }, `Pay ${amount(link.amount, link.currency_code)}`)
  const section = h("form", { class: "step", testid: "pay-link-payment" }, h("h2", {}, "Card"), problem, cardSlot, note, pay)

  let form: MountedCardForm | null = null
  // A hosted form takes one card: after a refusal the customer gets a fresh one.
  const mount = async () => {
    pay.disabled = true
    form?.destroy()
    form = await shop.paymentLinks.mountCardForm(token, cardSlot)
    note.textContent = ""
    pay.disabled = false
  }
  const fail = (message: string) => {
    problem.textContent = message
    problem.hidden = false
  }

  section.addEventListener("submit", async (event) => {
    event.preventDefault()
    pay.disabled = true
    problem.hidden = true
    note.textContent = "Paying…"
    const returnUrl = `${window.location.origin}${window.location.pathname}?returned=1`
    const step = await shop.paymentLinks.payWithCardForm(token, form!, { returnUrl })
    if (step.type === "redirect") {
      note.textContent = "Your bank asks you to confirm the payment…"
      return
    }
    if (step.type === "paid") return void slot.replaceChildren(received(step.payment_link, link))
    // Paid, expired or canceled meanwhile (409): the link's page says which.
    if (step.status === 409) {
      const now = await load(shop, token)
      if (now && now.status !== "open") return void slot.replaceChildren(closed(now))
    }
    fail(step.message)
    note.textContent = ""
    await mount().catch((err) => fail(`The card form could not open: ${(err as Error).message}`))
  })

  // In the document before mounting: an iframe loads only there.
  slot.replaceChildren(summary(link), section)
  await mount().catch((err) => {
    note.textContent = ""
    fail(`The card form could not open: ${(err as Error).message}`)
  })
}

/** Who asks for what: the order's lines and totals, what is paid, what this link collects. */
function summary(link: PaymentLink): HTMLElement {
  const order = link.order
  const row = (label: string, value: string, testid: string) => h("tr", { testid }, h("th", { scope: "row" }, label), h("td", {}, value))
  return h(
    "section",
    { class: "step", testid: "pay-link-summary" },
    h("h2", {}, order?.display_id ? `Payment for order #${order.display_id}` : "Payment request"),
    link.merchant_note && h("p", { testid: "pay-link-note" }, link.merchant_note),
    order &&
      h(
        "ul",
        {},
        ...order.items.map((i) => h("li", { testid: "pay-link-item" }, `${i.quantity} × ${i.title} · ${amount(i.total, order.currency_code)}`))
      ),
    h(
      "table",
      {},
      order && row("Order total", amount(order.total, order.currency_code), "pay-link-total"),
      order && row("Already paid", amount(order.paid, order.currency_code), "pay-link-paid"),
      row("Amount due by this link", amount(link.amount, link.currency_code), "pay-link-due")
    ),
    h("p", { class: "note" }, `This link can be used until ${date(link.expires_at)}.`)
  )
}

function received(paid: PaymentLinkState, link: PaymentLink | null): HTMLElement {
  const orderNumber = link?.order?.display_id
  return h(
    "section",
    { class: "step done", testid: "payment-received" },
    h("h2", {}, "Payment received"),
    h("p", { testid: "received-amount" }, `${amount(paid.amount, paid.currency_code)} paid${orderNumber ? ` towards order #${orderNumber}` : ""}.`),
    h("p", {}, "Thank you. You can close this page.")
  )
}

function closed(link: PaymentLink): HTMLElement {
  const words = CLOSED[link.status as keyof typeof CLOSED]
  return h(
    "section",
    { class: "step", testid: "pay-link-closed", "data-status": link.status },
    h("h2", {}, words.title),
    h("p", {}, words.text),
    link.status === "paid" && link.paid_at && h("p", { class: "note" }, `${amount(link.amount, link.currency_code)} paid on ${date(link.paid_at)}.`)
  )
}

function missing(): HTMLElement {
  return h(
    "section",
    { class: "step", testid: "pay-link-missing" },
    h("h2", {}, "This payment link does not exist"),
    h("p", {}, "Please check the address in your email, or ask the merchant for a new link.")
  )
}
