import Medusa from "@medusajs/js-sdk"
import { OmnichannelCardForm, useOmnichannelCardPayment, type OmnichannelOptions } from "medusa-plugin-omnichannel-storefront/react"
import { createRoot } from "react-dom/client"

/**
 * The storefront kit's React components in plain React 18 (no framework, no server actions):
 * the cart named by `?cart=` paid with the hosted card form, 3-D Secure back to this page, and
 * the order placed by the kit itself (no placeOrder given). The shop's e2e suite drives it.
 */
type Cart = { id: string; payment_collection?: { id: string } | null }

function Checkout({ options, cart }: { options: OmnichannelOptions; cart: Cart | null }) {
  const back = new URLSearchParams(window.location.search).has("omnichannel_cart")
  const payment = useOmnichannelCardPayment({ ...options, cart, returnUrl: "/shop/react", afterChallenge: back })
  if (payment.order) return <p data-testid="react-order">Order #{payment.order.display_id}</p>
  return (
    <section data-testid="react-checkout" data-status={payment.status}>
      {cart && !back && <OmnichannelCardForm {...options} cart={cart} />}
      {payment.error && <p role="alert">{payment.error}</p>}
      {cart && !back && (
        <button data-testid="react-pay" onClick={payment.pay} disabled={!payment.ready || payment.status === "paying"}>
          Pay
        </button>
      )}
    </section>
  )
}

async function main() {
  const { publishable_key } = (await (await fetch("/shop/config")).json()) as { publishable_key: string }
  const sdk = new Medusa({ baseUrl: window.location.origin, publishableKey: publishable_key })
  const cartId = new URLSearchParams(window.location.search).get("cart")
  const cart = cartId ? ((await sdk.store.cart.retrieve(cartId, { fields: "id,payment_collection.id" })).cart as Cart) : null
  createRoot(document.getElementById("app")!).render(<Checkout options={{ sdk, backendUrl: window.location.origin }} cart={cart} />)
}

main()
