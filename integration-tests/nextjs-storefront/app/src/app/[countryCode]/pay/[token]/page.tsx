// omnichannel-glue:start pay page
"use client"
import { omnichannel } from "@lib/omnichannel"
import { PaymentLinkPage } from "medusa-plugin-omnichannel-storefront/react"
import { useParams } from "next/navigation"

export default function Pay() {
  return <PaymentLinkPage {...omnichannel} token={useParams<{ token: string }>().token} />
}
// omnichannel-glue:end
// The page a payment link's email opens (the store's OMNI_PAYMENT_LINK_URL points here).
