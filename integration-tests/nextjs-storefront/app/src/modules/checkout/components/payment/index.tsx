"use client"
import { isOmnichannel, paymentInfoMap } from "@lib/constants"
import { initiatePaymentSession } from "@lib/data/cart"
import type { HttpTypes } from "@medusajs/types"
import { usePathname, useRouter, useSearchParams } from "next/navigation"
import { useState } from "react"
// omnichannel-glue:start payment step imports
import { listSavedCards } from "@lib/data/cart"
import { omnichannel } from "@lib/omnichannel"
import { OmnichannelCardForm, SavedCards } from "medusa-plugin-omnichannel-storefront/react"
// omnichannel-glue:end

/**
 * The starter's payment step (src/modules/checkout/components/payment): a radio per provider of
 * the cart's region, "Continue to review". While the review step is open it stays mounted,
 * hidden, as the starter's does: the card typed in the hosted form is still there to pay with.
 */
export default function Payment({ cart, availablePaymentMethods }: { cart: HttpTypes.StoreCart; availablePaymentMethods: { id: string }[] }) {
  const activeSession = cart.payment_collection?.payment_sessions?.find((s) => s.status === "pending")
  const [selectedPaymentMethod, setSelectedPaymentMethod] = useState(activeSession?.provider_id ?? "")
  const [error, setError] = useState<string | null>(null)
  const [isLoading, setIsLoading] = useState(false)
  const searchParams = useSearchParams()
  const router = useRouter()
  const pathname = usePathname()
  const isOpen = searchParams.get("step") === "payment"

  const handleSubmit = async () => {
    setIsLoading(true)
    try {
      if (activeSession?.provider_id !== selectedPaymentMethod) await initiatePaymentSession(cart, { provider_id: selectedPaymentMethod })
      router.push(`${pathname}?step=review`, { scroll: false })
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err))
    } finally {
      setIsLoading(false)
    }
  }

  return (
    <section data-testid="payment-step">
      <h2>Payment</h2>
      {!isOpen && (
        <p>
          {paymentInfoMap[selectedPaymentMethod]?.title ?? selectedPaymentMethod}{" "}
          <button onClick={() => router.push(`${pathname}?step=payment`, { scroll: false })} data-testid="edit-payment-button">
            Edit
          </button>
        </p>
      )}
      <div hidden={!isOpen}>
        {availablePaymentMethods.map((paymentMethod) => (
          <div key={paymentMethod.id}>
            <label>
              <input type="radio" name="payment-method" value={paymentMethod.id} checked={selectedPaymentMethod === paymentMethod.id} onChange={() => setSelectedPaymentMethod(paymentMethod.id)} data-testid={`payment-method-${paymentMethod.id}`} />{" "}
              {paymentInfoMap[paymentMethod.id]?.title ?? paymentMethod.id}
            </label>
            {/* omnichannel-glue:start payment step */}
            {isOmnichannel(paymentMethod.id) && selectedPaymentMethod === paymentMethod.id && <SavedCards cart={cart} load={listSavedCards} />}
            {isOmnichannel(paymentMethod.id) && selectedPaymentMethod === paymentMethod.id && <OmnichannelCardForm {...omnichannel} cart={cart} offerToKeepCard={!!cart.customer_id} />}
            {/* omnichannel-glue:end */}
          </div>
        ))}
        {error && <p role="alert">{error}</p>}
        <button onClick={handleSubmit} disabled={!selectedPaymentMethod || isLoading} data-testid="submit-payment-button">
          Continue to review
        </button>
      </div>
    </section>
  )
}
