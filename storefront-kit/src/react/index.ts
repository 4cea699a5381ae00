"use client"
/**
 * medusa-plugin-omnichannel-storefront/react: the kit as React components for a storefront
 * (a client component of Next.js' app router, or plain React 18/19).
 */
export { OmnichannelCardForm } from "./card-form.js"
export type { OmnichannelCardFormProps } from "./card-form.js"
export { useOmnichannelCardPayment } from "./use-card-payment.js"
export type { CardPayment, CardPaymentOptions, CardPaymentStatus } from "./use-card-payment.js"
export { SavedCards } from "./saved-cards.js"
export type { SavedCardsAnswer, SavedCardsProps } from "./saved-cards.js"
export { PaymentLinkPage } from "./payment-link-page.js"
export type { PaymentLinkPageProps } from "./payment-link-page.js"
export type { OmnichannelOptions } from "./options.js"
export { isOmnichannel, OMNICHANNEL_CARD_PROVIDER } from "../checkout.js"
