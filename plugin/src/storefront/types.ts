import type { HttpTypes } from "@medusajs/framework/types"

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

/** How a checkout ended: the order, or the words to show the shopper. */
export type CheckoutResult = { type: "order"; order: HttpTypes.StoreOrder } | { type: "error"; message: string }

/** After paying: ended, or the browser is on its way to the issuer's challenge. */
export type PaymentStep = CheckoutResult | { type: "redirect"; url: string }

/** The cart as the kit needs it: its id and, once made, its payment collection. */
export type CartRef = { id: string; payment_collection?: { id: string } | null }
