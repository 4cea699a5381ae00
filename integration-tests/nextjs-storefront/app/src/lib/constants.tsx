import type { JSX } from "react"

/* Stands in for @medusajs/icons' CreditCard, which the starter's constants.tsx imports. */
const CreditCard = () => <svg aria-hidden width={20} height={14} />

/* The starter's map of payment provider_id to their title and icon. */
export const paymentInfoMap: Record<string, { title: string; icon: JSX.Element }> = {
  pp_system_default: { title: "Manual Payment", icon: <CreditCard /> },
  // omnichannel-glue:start constants.tsx
  pp_omnichannel_card: { title: "Credit card", icon: <CreditCard /> },
  // omnichannel-glue:end
}

// The package's main entry has no "use client": server components may import constants.tsx too.
// omnichannel-glue:start constants.tsx check
export { isOmnichannel } from "medusa-plugin-omnichannel-storefront"
// omnichannel-glue:end

export const isManual = (providerId?: string) => providerId?.startsWith("pp_system_default")
