import type Medusa from "@medusajs/js-sdk"
import { browserData } from "./browser-data.js"
import { mountHostedCard, type MountedCardForm } from "./hosted-card.js"
import { linkReturnUrl } from "./challenge-return.js"
import { challengeRedirect, failure } from "./steps.js"
import type { HostedCardForm } from "./types.js"

export type PaymentLinkStatus = "open" | "paid" | "expired" | "canceled"

/** The order a link pays towards, as the customer may see it; amounts in minor units. */
export type PaymentLinkOrder = {
  display_id: number | null
  currency_code: string
  items: { title: string; quantity: number; total: number }[]
  total: number
  paid: number
  outstanding: number
}

/** A payment link as its customer sees it (`GET /store/omnichannel/payment-links/:token`); amounts in minor units. */
export type PaymentLink = {
  status: PaymentLinkStatus
  amount: number
  currency_code: string
  expires_at: string
  paid_at: string | null
  order: PaymentLinkOrder | null
  merchant_note: string | null
}

/** What the pay and complete routes answer of the link: at least these. */
export type PaymentLinkState = Pick<PaymentLink, "status" | "amount" | "currency_code" | "paid_at">

/**
 * How paying by link ended: paid, or the words to show (`status` is the HTTP status when the
 * store refused, e.g. 409 when the link can no longer be paid).
 */
export type PaymentLinkResult = { type: "paid"; payment_link: PaymentLinkState } | { type: "error"; message: string; status?: number }

/** After paying: ended, or the browser is on its way to the issuer's challenge. */
export type PaymentLinkStep = PaymentLinkResult | { type: "redirect"; url: string }

export type PaymentLinkCheckoutOptions = {
  sdk: Medusa
  /** The Medusa backend the sandbox's relative URLs are resolved against; defaults to the page's origin. */
  backendUrl?: string
  /** Worldline's tokenizer script, when not the default next to the hosted page. */
  tokenizerScriptUrl?: string
  /** Follow a 3-D Secure redirect at once (default); false leaves it to the caller. */
  followRedirect?: boolean
}

type PayAnswer =
  | { status: "card_required"; hosted_card: HostedCardForm; payment_link: PaymentLinkState }
  | { status: "requires_action"; redirect_url: string; payment_link: PaymentLinkState }
  | { status: "paid"; payment_link: PaymentLinkState }

type CompleteAnswer = {
  /** "failed" with the reason; a link closed meanwhile answers its own status. */
  status: "paid" | "requires_action" | "failed" | PaymentLinkStatus
  payment_link: PaymentLinkState
  error?: { code: string; message: string }
}

/**
 * Paying a merchant's payment link (an amount due on an order, sent by email) through the
 * plugin's Store routes: no cart, no login, the link's token is the customer's only key. As
 * with CardCheckout, the card is typed in the platform's hosted form and only its
 * hostedTokenizationId is sent to Medusa.
 */
export class PaymentLinkCheckout {
  private readonly sdk: Medusa
  private readonly backendUrl: string

  constructor(private readonly opts: PaymentLinkCheckoutOptions) {
    this.sdk = opts.sdk
    this.backendUrl = opts.backendUrl ?? window.location.origin
  }

  /** The link and the order it pays towards; throws (js-sdk's FetchError, status 404) when there is no such link. */
  async load(token: string): Promise<PaymentLink> {
    const { payment_link } = await this.sdk.client.fetch<{ payment_link: PaymentLink }>(this.path(token))
    return payment_link
  }

  /** Asks the platform for a card form for this link and shows it in `element` (which must be in the document). */
  async mountCardForm(token: string, element: HTMLElement): Promise<MountedCardForm> {
    const answer = await this.post<PayAnswer>(token, "pay", {})
    if (answer.status !== "card_required") throw new Error(`Unexpected payment link status: ${answer.status}`)
    return mountHostedCard(answer.hosted_card, element, { backendUrl: this.backendUrl, tokenizerScriptUrl: this.opts.tokenizerScriptUrl })
  }

  /**
   * Tokenizes the card in the mounted form and pays the link with it. `returnUrl` is where
   * 3-D Secure sends the customer back; that page then calls `complete`.
   */
  async payWithCardForm(token: string, form: MountedCardForm, opts: { returnUrl: string }): Promise<PaymentLinkStep> {
    let answer: PayAnswer
    try {
      // A link's payment is one-off: the card is not kept.
      const hostedTokenizationId = await form.submit({ storePermanently: false })
      answer = await this.post<PayAnswer>(token, "pay", { hosted_tokenization_id: hostedTokenizationId, return_url: linkReturnUrl(opts.returnUrl), browser: browserData() })
    } catch (err) {
      return refused(err)
    }
    if (answer.status === "requires_action") return challengeRedirect(answer.redirect_url, this.backendUrl, this.opts.followRedirect !== false)
    if (answer.status === "card_required") return { type: "error", message: "The card was not taken; please enter it again." }
    return { type: "paid", payment_link: answer.payment_link }
  }

  /** Back from 3-D Secure: settles the payment and says how it went. */
  async complete(token: string): Promise<PaymentLinkResult> {
    let answer: CompleteAnswer
    try {
      answer = await this.post<CompleteAnswer>(token, "complete", {})
    } catch (err) {
      return refused(err)
    }
    if (answer.status === "paid") return { type: "paid", payment_link: answer.payment_link }
    if (answer.status === "requires_action") return { type: "error", message: "Your bank has not confirmed the payment yet." }
    return { type: "error", message: answer.error?.message || "The payment was not accepted." }
  }

  private path(token: string, action?: string) {
    return `/store/omnichannel/payment-links/${encodeURIComponent(token)}${action ? `/${action}` : ""}`
  }

  private post<T>(token: string, action: "pay" | "complete", body: Record<string, unknown>): Promise<T> {
    return this.sdk.client.fetch<T>(this.path(token, action), { method: "POST", body })
  }
}

function refused(err: unknown): PaymentLinkResult {
  const status = (err as { status?: unknown })?.status
  return { ...failure(err), ...(typeof status === "number" ? { status } : {}) }
}
