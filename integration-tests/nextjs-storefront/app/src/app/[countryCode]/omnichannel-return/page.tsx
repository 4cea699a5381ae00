// omnichannel-glue:start return page
"use client"
import { placeOrder } from "@lib/data/cart"
import { omnichannel } from "@lib/omnichannel"
import { useOmnichannelCardPayment } from "medusa-plugin-omnichannel-storefront/react"

export default function OmnichannelReturn() {
  const { error } = useOmnichannelCardPayment({ ...omnichannel, placeOrder, afterChallenge: true })
  return error ? <p role="alert">{error} <a href="checkout?step=payment">Try again</a></p> : <p>Completing your payment…</p>
}
// omnichannel-glue:end
// Back from 3-D Secure: the URL names the cart (its SameSite=Strict cookie does not come back from the issuer's site); placeOrder redirects to the order.
