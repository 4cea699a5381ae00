"use client"
import type { HttpTypes } from "@medusajs/types"
import PaymentButton from "@modules/checkout/components/payment-button"
import { useSearchParams } from "next/navigation"

/** The starter's review step: shown on `?step=review`, with the payment button. */
export default function Review({ cart }: { cart: HttpTypes.StoreCart }) {
  const isOpen = useSearchParams().get("step") === "review"
  if (!isOpen) return null
  return (
    <section data-testid="review-step">
      <h2>Review</h2>
      <p>By clicking Place order you confirm the purchase.</p>
      <PaymentButton cart={cart} data-testid="submit-order-button" />
    </section>
  )
}
