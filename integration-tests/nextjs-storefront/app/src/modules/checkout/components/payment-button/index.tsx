"use client"
import { isManual, isOmnichannel } from "@lib/constants"
import { placeOrder } from "@lib/data/cart"
import type { HttpTypes } from "@medusajs/types"
import { useState } from "react"
// omnichannel-glue:start payment button imports
import { omnichannel } from "@lib/omnichannel"
import { useOmnichannelCardPayment } from "medusa-plugin-omnichannel-storefront/react"
// omnichannel-glue:end

type PaymentButtonProps = { cart: HttpTypes.StoreCart; "data-testid": string }

/** The starter's payment button (src/modules/checkout/components/payment-button): one per provider. */
export default function PaymentButton({ cart, "data-testid": dataTestId }: PaymentButtonProps) {
  const notReady = !cart.shipping_address || !cart.billing_address || !cart.email || (cart.shipping_methods?.length ?? 0) < 1
  const paymentSession = cart.payment_collection?.payment_sessions?.[0]
  switch (true) {
    // omnichannel-glue:start payment button case
    case isOmnichannel(paymentSession?.provider_id):
      return <OmnichannelPaymentButton cart={cart} notReady={notReady} data-testid={dataTestId} />
    // omnichannel-glue:end
    case isManual(paymentSession?.provider_id):
      return <ManualTestPaymentButton notReady={notReady} data-testid={dataTestId} />
    default:
      return <button disabled>Select a payment method</button>
  }
}

// omnichannel-glue:start payment button
function OmnichannelPaymentButton({ cart, notReady, "data-testid": testId }: { cart: HttpTypes.StoreCart; notReady: boolean; "data-testid": string }) {
  const { pay, ready, status, error } = useOmnichannelCardPayment({ ...omnichannel, cart, placeOrder, returnUrl: "omnichannel-return" })
  return (
    <>
      <button onClick={pay} disabled={notReady || !ready || status === "paying"} data-testid={testId}>Place order</button>
      {error && <p role="alert">{error}</p>}
    </>
  )
}
// omnichannel-glue:end

function ManualTestPaymentButton({ notReady, "data-testid": dataTestId }: { notReady: boolean; "data-testid": string }) {
  const [submitting, setSubmitting] = useState(false)
  const [errorMessage, setErrorMessage] = useState<string | null>(null)
  const handlePayment = () => {
    setSubmitting(true)
    placeOrder()
      .catch((err) => setErrorMessage(err.message))
      .finally(() => setSubmitting(false))
  }
  return (
    <>
      <button disabled={notReady || submitting} onClick={handlePayment} data-testid={dataTestId}>
        Place order
      </button>
      {errorMessage && <p role="alert">{errorMessage}</p>}
    </>
  )
}
