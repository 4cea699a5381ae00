import { listCartPaymentMethods, retrieveCart } from "@lib/data/cart"
import Payment from "@modules/checkout/components/payment"
import Review from "@modules/checkout/components/review"
import { notFound } from "next/navigation"

export const metadata = { title: "Checkout" }

/**
 * The starter's checkout page (its cart by the `_medusa_cart_id` cookie), reduced to the two
 * steps the card payment lives in: payment, then review with "Place order". The suite sets the
 * cart's items, email, addresses and shipping through the Store API beforehand.
 */
export default async function Checkout() {
  const cart = await retrieveCart()
  if (!cart) return notFound()
  const paymentMethods = await listCartPaymentMethods(cart.region_id!)
  return (
    <div>
      <h1>Checkout</h1>
      <p data-testid="cart-summary">
        {cart.email}: {cart.items?.length ?? 0} item(s), total {cart.total} {cart.currency_code?.toUpperCase()}
      </p>
      <Payment cart={cart} availablePaymentMethods={paymentMethods} />
      <Review cart={cart} />
    </div>
  )
}
