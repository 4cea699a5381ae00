/**
 * medusa-plugin-omnichannel/storefront: the browser side of card checkout with the omnichannel
 * provider (hosted card form, 3-D Secure round trip, saved cards, cart completion).
 */
export { CardCheckout, OMNICHANNEL_CARD_PROVIDER } from "./checkout"
export type { CardCheckoutOptions, PayOptions } from "./checkout"
export { mountHostedCard } from "./hosted-card"
export type { MountedCardForm, MountOptions } from "./hosted-card"
export { browserData } from "./browser-data"
export type * from "./types"
