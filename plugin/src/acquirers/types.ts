import type { AuthorizationMode } from "../modules/omnichannel/types"

/** What the store may know of a card: never the number. */
export type CardSummary = { brand: string; bin: string; last4: string; pan_length: number }

/**
 * The platform's hosted card form for one checkout: the storefront shows it (an iframe
 * the platform serves) and gets a `hostedTokenizationId` back; the card never reaches us.
 * `url` is absolute for Worldline, relative to the store's backend for the sandbox.
 */
export type HostedCardForm = { kind: "sandbox" | "worldline"; id: string; url: string }

/**
 * A card the platform tokenized for us: what it shows of it, its token at the platform
 * (to charge it again), and the fingerprint that makes one CRM token per card (the
 * platform's computed offline token when it has one).
 */
export type TokenizedCard = CardSummary & {
  acquirer_token: string | null
  fingerprint: string | null
  /** The platform's own CRM token (`externalTokenLinked.generatedToken`), when it returns one. */
  generated_token: string | null
}

export type CofFlags = {
  /** `unscheduledCardOnFileRequestor` */
  requestor: "cardholderInitiated" | "merchantInitiated"
  /** `unscheduledCardOnFileSequenceIndicator` */
  sequence: "first" | "subsequent"
}

/**
 * What identifies a call at the acquirer. `idempotency_key`: the same key never moves money
 * twice, so it must be unique across chains and stable across retries of one operation.
 * `operation_id`: our operation, sent as the merchant reference so acquirer webhooks find it.
 */
export type AcquirerKeys = { idempotency_key: string; operation_id?: string }

export type AuthorizeRequest = AcquirerKeys & {
  payment_id: string
  amount: number
  currency_code: string
  mode: AuthorizationMode
  /** First payment of a chain, card typed in the hosted form: its hosted tokenization id. */
  hosted_tokenization_id?: string
  /** First payment of a chain with a card kept earlier (customer-initiated): the platform's token. */
  acquirer_token?: string
  /** Subsequent payment: the acquirer reference of the chain's first payment. */
  initial_reference?: string
  cof?: CofFlags
  /** Where the customer comes back after a 3-D Secure challenge (the storefront's page). */
  return_url?: string
  /** The shopper's browser, for 3-D Secure (Worldline `order.customer.device`). */
  browser?: BrowserData
}

/**
 * The shopper's browser for 3-D Secure: what the storefront kit (medusa-plugin-omnichannel-storefront,
 * a package of its own) reads and sends under these names, and what only a server sees.
 */
export type BrowserData = {
  user_agent?: string
  locale?: string
  timezone_offset_minutes?: number
  color_depth?: number
  screen_height?: number
  screen_width?: number
  java_enabled?: boolean
  accept_header?: string
  ip_address?: string
}

export type MoneyRequest = AcquirerKeys & {
  reference: string
  amount: number
  currency_code: string
}

export type PayoutRequest = AcquirerKeys & {
  payment_id: string
  /** The acquirer's reference of the chain's first payment, when it has one. */
  reference?: string
  amount: number
  currency_code: string
}

export type AcquirerResult = {
  reference: string
  /**
   * `requires_action`: the issuer wants the customer (3-D Secure); nothing is settled until
   * the customer comes back or the platform tells us (`getPayment`, webhook).
   */
  status: "authorized" | "captured" | "cancelled" | "refunded" | "paid_out" | "requires_action"
  /** With `requires_action`: where the customer's browser goes to authenticate. */
  redirect_url?: string
}

/**
 * The card acquirer, whoever it is. Every money call carries an idempotency key: the
 * same key must never move money twice, however often it is sent.
 */
export interface Acquirer {
  readonly name: string
  /** The platform issues the chains' 19-digit payment ids itself (Worldline): chains take them. */
  readonly issuesPaymentIds?: boolean
  authorize(req: AuthorizeRequest): Promise<AcquirerResult>
  capture(req: MoneyRequest): Promise<AcquirerResult>
  cancel(req: Omit<MoneyRequest, "amount"> & { amount?: number }): Promise<AcquirerResult>
  refund(req: MoneyRequest): Promise<AcquirerResult>
  payout(req: PayoutRequest): Promise<AcquirerResult>
  /** Opens the platform's hosted card form for one checkout. */
  createHostedCardForm(req: { idempotency_key: string; locale?: string }): Promise<HostedCardForm>
  /** What the platform tokenized in its hosted form (404 -> AcquirerError invalid). */
  describeHostedCard(hostedTokenizationId: string): Promise<TokenizedCard>
  /**
   * The platform's current word on a first payment (after 3-D Secure, or when its answer
   * was lost): authorized, captured or still `requires_action`; a refusal throws `declined`.
   */
  getPayment(reference: string): Promise<AcquirerResult>
  /**
   * What the acquirer holds of one of its payments, for reconciliation: amounts it
   * captured and refunded on it. `null` when this acquirer cannot say (the sandbox knows only
   * what happened in its own process); an unknown payment throws `invalid`.
   */
  paymentRecord(reference: string): Promise<AcquirerPaymentRecord | null>
}

/** An acquirer's own account of one payment, in minor units of `currency_code`. */
export type AcquirerPaymentRecord = {
  reference: string
  currency_code: string
  status: string
  captured: number
  refunded: number
}

/**
 * `declined`: the issuer said no (402). `invalid`: the request itself is wrong (400).
 * `retryable`: nothing definite happened yet; the same request may be sent again.
 */
export class AcquirerError extends Error {
  constructor(
    readonly kind: "declined" | "invalid" | "retryable",
    readonly reason: string,
    message: string
  ) {
    super(message)
    this.name = "AcquirerError"
  }
}
