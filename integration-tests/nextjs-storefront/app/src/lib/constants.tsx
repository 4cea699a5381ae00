/* The starter's map of payment provider_id to their title (its icons left out). */
export const paymentInfoMap: Record<string, { title: string }> = {
  pp_system_default: { title: "Manual Payment" },
  // omnichannel-glue:start constants.tsx
  pp_omnichannel_card: { title: "Credit card" },
  // omnichannel-glue:end
}

// omnichannel-glue:start constants.tsx check
export { isOmnichannel } from "medusa-plugin-omnichannel-storefront/react"
// omnichannel-glue:end

export const isManual = (providerId?: string) => providerId?.startsWith("pp_system_default")
