import type { HttpTypes } from "@medusajs/framework/types"
import type { CheckoutResult, PaymentStep } from "medusa-plugin-omnichannel-storefront"
import { me } from "./account"
import { addItem, currentCart, forgetCart } from "./cart-store"
import { h } from "./dom"
import { connect, type Shop } from "./medusa"
import { accountView } from "./views/account"
import { addressView } from "./views/address"
import { cartView } from "./views/cart"
import { catalogView } from "./views/catalog"
import { payLinkPage } from "./views/pay-link"
import { showPayment } from "./views/payment"
import { resultView } from "./views/result"
import { shippingView } from "./views/shipping"

const app = document.getElementById("app")!
const header = h("header", {}, h("a", { href: "/shop", class: "brand" }, "Omnichannel shop"), h("div", { id: "account" }))
const main = h("main", {})
app.replaceChildren(header, main)

/** The shop page: product -> cart -> address -> shipping -> card -> (challenge) -> confirmation. */
async function shopPage(shop: Shop) {
  let customer = await me(shop)
  const catalog = await catalogView(shop, async (variantId) => {
    await addItem(shop, variantId)
    await showCart()
  })
  const cartSlot = h("div", {})
  const checkoutSlot = h("div", { class: "checkout" })
  main.replaceChildren(catalog, cartSlot, checkoutSlot)

  const showAccount = () => header.querySelector("#account")!.replaceChildren(accountView(shop, customer, async () => {
    customer = await me(shop)
    showAccount()
    await showCart()
  }))
  const showCart = async () => {
    checkoutSlot.replaceChildren()
    cartSlot.replaceChildren(cartView(await currentCart(shop), toAddress))
  }
  const fresh = async () => (await currentCart(shop))!
  // A step that cannot be shown says why instead of leaving the previous one on screen.
  const guarded = (show: () => Promise<unknown>) => () =>
    void show().catch((err) => checkoutSlot.replaceChildren(h("p", { class: "error", testid: "step-error" }, (err as Error).message)))
  const toAddress = guarded(async () => checkoutSlot.replaceChildren(addressView(shop, await fresh(), customer?.email ?? "", toShipping)))
  const toShipping = guarded(async () => checkoutSlot.replaceChildren(await shippingView(shop, await fresh(), toPayment)))
  const toPayment = guarded(async () => {
    const cart = await fresh()
    cartSlot.replaceChildren(cartView(cart, toAddress))
    checkoutSlot.replaceChildren(h("p", { class: "note" }, "Opening the card form…"))
    await showPayment(checkoutSlot, shop, cart, customer, (step) => showStep(step))
  })
  const showStep = (step: PaymentStep) => {
    if (step.type === "redirect") return
    finish(step, toPayment)
  }
  const finish = (result: CheckoutResult, retry: () => void) => {
    if (result.type === "order") {
      forgetCart()
      cartSlot.replaceChildren()
    }
    checkoutSlot.replaceChildren(resultView(result, retry))
  }

  showAccount()
  await showCart()
}

/** Back from 3-D Secure: place the order and say how it went. */
async function returnPage(shop: Shop, cartId: string) {
  main.replaceChildren(h("section", { class: "step", testid: "confirming" }, h("h2", {}, "Confirming your payment…")))
  const result = await shop.checkout.complete(cartId)
  if (result.type === "order") forgetCart()
  main.replaceChildren(resultView(result, () => (window.location.href = "/shop")))
  header.querySelector("#account")!.replaceChildren(accountView(shop, await me(shop), () => window.location.reload()))
}

async function start() {
  const shop = await connect()
  const back = window.location.pathname.match(/^\/shop\/return\/([^/]+)/)
  const link = window.location.pathname.match(/^\/shop\/pay\/([^/]+)/)
  // A payment link's customer has no cart or account here: only what the link asks.
  if (link) await payLinkPage(main, shop, decodeURIComponent(link[1]), new URLSearchParams(window.location.search).has("returned"))
  else if (back) await returnPage(shop, decodeURIComponent(back[1]))
  else await shopPage(shop)
}

start().catch((err) => main.replaceChildren(h("p", { class: "error", testid: "page-error" }, `The shop could not load: ${(err as Error).message}`)))
