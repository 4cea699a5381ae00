import type { CheckoutResult } from "medusa-plugin-omnichannel-storefront"
import { h, money } from "../dom"

/** The confirmation with the order, or why there is none and a way to try again. */
export function resultView(result: CheckoutResult, onRetry: () => void): HTMLElement {
  if (result.type === "order") {
    const o = result.order
    return h(
      "section",
      { class: "step done", testid: "confirmation", "data-order-id": o.id },
      h("h2", {}, "Thank you for your order"),
      h("p", { testid: "order-number" }, `Order #${o.display_id}`),
      h("p", {}, `Total ${money(o.total, o.currency_code)} · confirmation sent to ${o.email}`),
      h("a", { href: "/shop", testid: "continue" }, "Continue shopping")
    )
  }
  return h(
    "section",
    { class: "step failed", testid: "checkout-error" },
    h("h2", {}, "Your payment did not go through"),
    // "placed" comes only with the kit's placeOrder option, which this shop does not use.
    h("p", { testid: "error-message" }, result.type === "error" ? result.message : "The order could not be shown."),
    h("button", { testid: "retry", onclick: onRetry }, "Try another card")
  )
}
