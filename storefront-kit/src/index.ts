/**
 * medusa-plugin-omnichannel-storefront: the browser side of card checkout with the omnichannel
 * provider (hosted card form, 3-D Secure round trip, saved cards, cart completion) and of
 * paying a merchant's payment link.
 */
export { CardCheckout, isOmnichannel, OMNICHANNEL_CARD_PROVIDER } from "./checkout.js"
export type { CardCheckoutOptions, PayOptions } from "./checkout.js"
export { PaymentLinkCheckout } from "./payment-link.js"
export type {
  PaymentLink,
  PaymentLinkCheckoutOptions,
  PaymentLinkOrder,
  PaymentLinkResult,
  PaymentLinkState,
  PaymentLinkStatus,
  PaymentLinkStep,
} from "./payment-link.js"
export { formatAmount } from "./money.js"
export { mountHostedCard } from "./hosted-card.js"
export type { MountedCardForm, MountOptions } from "./hosted-card.js"
export { browserData } from "./browser-data.js"
export { challengeReturn, forgetChallengeReturn } from "./challenge-return.js"
export type * from "./types.js"
