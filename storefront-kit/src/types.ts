import type Medusa from "@medusajs/js-sdk"

/** The platform's hosted card form for one checkout; `url` is relative to the backend for the sandbox. */
export type HostedCardForm = { kind: "sandbox" | "worldline"; id: string; url: string }

/** What the provider answers in the payment session's `data`, step by step. */
export type CardRequiredData = { status: "card_required"; hosted_card: HostedCardForm }
export type RequiresActionData = {
  status: "requires_action"
  payment_id: string
  redirect_url: string
  acquirer_reference?: string
}
export type PaidData = {
  status: "authorized" | "captured"
  payment_id: string
  card: { brand: string; bin: string; last4: string } | null
  externalTokenLinked?: { generatedToken: string | null; computedToken?: string }
}
export type SessionData = CardRequiredData | RequiresActionData | PaidData

/** The shopper's browser, for 3-D Secure (same names as the provider reads). */
export type BrowserData = {
  user_agent?: string
  locale?: string
  timezone_offset_minutes?: number
  color_depth?: number
  screen_height?: number
  screen_width?: number
  java_enabled?: boolean
}

/** A card the customer agreed to keep: its CRM token and what may be shown of it. */
export type SavedCard = { token: string; brand: string; last4: string }

/** The order Medusa placed, as js-sdk types it (no Medusa server types needed in a storefront). */
export type PlacedOrder = Extract<Awaited<ReturnType<Medusa["store"]["cart"]["complete"]>>, { type: "order" }>["order"]

/**
 * How a checkout ended: the order; "placed" when the storefront's own `placeOrder` placed it
 * (and may already be taking the shopper to its confirmation page); or the words to show.
 */
export type CheckoutResult = { type: "order"; order: PlacedOrder } | { type: "placed" } | { type: "error"; message: string }

/** After paying: ended, or the browser is on its way to the issuer's challenge. */
export type PaymentStep = CheckoutResult | { type: "redirect"; url: string }

/** The cart as the kit needs it: its id and, once made, its payment collection. */
export type CartRef = { id: string; payment_collection?: { id: string } | null }

/** What Medusa answers when a payment session is made (js-sdk's `store.payment.initiatePaymentSession`). */
export type InitiatedPaymentSession = {
  payment_collection: { id: string; payment_sessions?: { provider_id: string; data: Record<string, unknown> }[] }
}

/**
 * Makes the cart's payment session. js-sdk in the browser by default; a storefront whose
 * customer token stays on its server (Medusa's Next.js starter: an httpOnly cookie) passes
 * its own server action, so a logged-in customer's saved cards can be used.
 * (Method syntax: the starter's function takes the whole StoreCart.)
 */
export interface SessionStarter {
  initiatePaymentSession(cart: CartRef, body: { provider_id: string; data: Record<string, unknown> }): Promise<InitiatedPaymentSession>
}

/**
 * Places the order from the paid cart when the storefront does it itself (the starter's
 * `placeOrder` server action completes the cart, clears its cookie and redirects). It fails by
 * throwing or by answering the cart back (what Medusa answers when it could not place it).
 */
export type PlaceOrder = (cartId: string) => Promise<unknown>
