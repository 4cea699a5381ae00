import type Medusa from "@medusajs/js-sdk"
import { browserData } from "./browser-data.js"
import { mountHostedCard, type MountedCardForm } from "./hosted-card.js"
import { cartReturnUrl } from "./challenge-return.js"
import { challengeRedirect, failure } from "./steps.js"
import type { CartRef, CheckoutResult, PaymentStep, PlaceOrder, SavedCard, SessionData, SessionStarter } from "./types.js"

export const OMNICHANNEL_CARD_PROVIDER = "pp_omnichannel_card"

/** A storefront's provider check (the starter's isStripeLike): is this payment provider the plugin's? */
export const isOmnichannel = (providerId?: string | null): boolean => !!providerId?.startsWith("pp_omnichannel_")

export type CardCheckoutOptions = Partial<SessionStarter> & {
  sdk: Medusa
  /**
   * The Medusa backend the sandbox's relative URLs are resolved against. Defaults to the page's
   * origin, so a storefront not served by Medusa itself (a Next.js one) must set it.
   */
  backendUrl?: string
  /** Pay without placing the order: the storefront's own function places it (see PlaceOrder). */
  placeOrder?: PlaceOrder
  providerId?: string
  /** Worldline's tokenizer script, when not the default next to the hosted page. */
  tokenizerScriptUrl?: string
  /** Follow a 3-D Secure redirect at once (default); false leaves it to the caller. */
  followRedirect?: boolean
}

export type PayOptions = {
  /**
   * Where the shopper comes back after 3-D Secure (absolute, or a path on this origin); the kit
   * adds the cart's id (see challengeReturn), the platform its `paymentId`.
   */
  returnUrl: string
  /** The shopper agreed to keep the card for later purchases. */
  storeCredentials?: boolean
}

/**
 * Card checkout through Medusa's Store API with the omnichannel provider: the card is typed in
 * the platform's hosted form, only its hostedTokenizationId (or a saved card's CRM token) is
 * sent to Medusa.
 */
export class CardCheckout {
  private readonly sdk: Medusa
  private readonly backendUrl: string
  private readonly providerId: string
  private readonly collections = new Map<string, string>()

  constructor(private readonly opts: CardCheckoutOptions) {
    this.sdk = opts.sdk
    this.backendUrl = opts.backendUrl ?? window.location.origin
    this.providerId = opts.providerId ?? OMNICHANNEL_CARD_PROVIDER
  }

  /** Opens a payment session and shows the hosted card form in `element` (which must be in the document). */
  async mountCardForm(cart: CartRef, element: HTMLElement): Promise<MountedCardForm> {
    const data = await this.session(cart, {})
    if (data.status !== "card_required") throw new Error(`Unexpected payment session status: ${data.status}`)
    return mountHostedCard(data.hosted_card, element, { backendUrl: this.backendUrl, tokenizerScriptUrl: this.opts.tokenizerScriptUrl })
  }

  /** Tokenizes the card in the mounted form and pays with it. */
  async payWithCardForm(cart: CartRef, form: MountedCardForm, opts: PayOptions): Promise<PaymentStep> {
    let hostedTokenizationId: string
    try {
      hostedTokenizationId = await form.submit({ storePermanently: opts.storeCredentials ?? false })
    } catch (err) {
      return failure(err)
    }
    return this.pay(cart, {
      hosted_tokenization_id: hostedTokenizationId,
      return_url: cartReturnUrl(opts.returnUrl, cart.id),
      store_credentials: opts.storeCredentials ?? false,
      browser: browserData(),
    })
  }

  /** Pays with a card the logged-in customer kept, without card entry. */
  payWithSavedCard(cart: CartRef, card: SavedCard | string, opts: Pick<PayOptions, "returnUrl">): Promise<PaymentStep> {
    const token = typeof card === "string" ? card : card.token
    return this.pay(cart, { saved_card: token, return_url: cartReturnUrl(opts.returnUrl, cart.id), browser: browserData() })
  }

  /** Places the order (also on the way back from 3-D Secure): the order, or why not. */
  async complete(cartId: string): Promise<CheckoutResult> {
    try {
      if (this.opts.placeOrder) return placedBy(await this.opts.placeOrder(cartId))
      const res = await this.sdk.store.cart.complete(cartId)
      if (res.type === "order") return { type: "order", order: res.order }
      return { type: "error", message: res.error?.message || "The payment was not accepted." }
    } catch (err) {
      return failure(err)
    }
  }

  /** The logged-in customer's kept cards (the plugin's `GET /store/omnichannel/saved-cards`). */
  async listSavedCards(): Promise<SavedCard[]> {
    const { saved_cards } = await this.sdk.client.fetch<{ saved_cards: { crm_token: string; brand: string; last4: string }[] }>(
      "/store/omnichannel/saved-cards"
    )
    return saved_cards.map((c) => ({ token: c.crm_token, brand: c.brand, last4: c.last4 }))
  }

  private async pay(cart: CartRef, data: Record<string, unknown>): Promise<PaymentStep> {
    let answer: SessionData
    try {
      answer = await this.session(cart, data)
    } catch (err) {
      return failure(err)
    }
    if (answer.status === "requires_action") return challengeRedirect(answer.redirect_url, this.backendUrl, this.opts.followRedirect !== false)
    if (answer.status === "card_required") return { type: "error", message: "The card was not taken; please enter it again." }
    return this.complete(cart.id)
  }

  /** Creates the cart's payment session (Medusa replaces an earlier one) and returns the provider's data. */
  private async session(cart: CartRef, data: Record<string, unknown>): Promise<SessionData> {
    const collectionId = cart.payment_collection?.id ?? this.collections.get(cart.id)
    // initiatePaymentSession reads only the cart's id and payment collection id.
    const ref: CartRef = { id: cart.id, payment_collection: collectionId ? { id: collectionId } : undefined }
    const body = { provider_id: this.providerId, data }
    const { payment_collection } = this.opts.initiatePaymentSession
      ? await this.opts.initiatePaymentSession(ref, body)
      : await this.sdk.store.payment.initiatePaymentSession(ref as never, body)
    this.collections.set(cart.id, payment_collection.id)
    const session = payment_collection.payment_sessions?.find((s) => s.provider_id === this.providerId)
    if (!session) throw new Error("The payment session was not created.")
    return session.data as unknown as SessionData
  }
}

/**
 * What the storefront's own placeOrder answered: nothing (it redirected) or an order is placed;
 * the cart back (Medusa's answer when it could not place it) is a refusal.
 */
function placedBy(answer: unknown): CheckoutResult {
  const a = answer as { type?: string; order?: unknown; id?: unknown; error?: { message?: string } } | null | undefined
  if (a == null || a.type === "order") return { type: "placed" }
  if (a.type === "cart" || (typeof a.id === "string" && a.id.startsWith("cart_"))) {
    return { type: "error", message: a.error?.message || "The payment was not accepted." }
  }
  return { type: "placed" }
}
