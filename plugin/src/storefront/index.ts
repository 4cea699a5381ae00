/**
 * medusa-plugin-omnichannel/storefront: the browser side of card checkout with the omnichannel
 * provider (hosted card form, 3-D Secure round trip, saved cards, cart completion) and of
 * paying a merchant's payment link.
 */
export { CardCheckout, OMNICHANNEL_CARD_PROVIDER } from "./checkout"
export type { CardCheckoutOptions, PayOptions } from "./checkout"
export { PaymentLinkCheckout } from "./payment-link"
export type {
  PaymentLink,
  PaymentLinkCheckoutOptions,
  PaymentLinkOrder,
  PaymentLinkResult,
  PaymentLinkState,
  PaymentLinkStatus,
  PaymentLinkStep,
} from "./payment-link"
export { formatAmount } from "./money"
export { mountHostedCard } from "./hosted-card"
export type { MountedCardForm, MountOptions } from "./hosted-card"
export { browserData } from "./browser-data"
export type * from "./types"
