import type { AuthorizationMode } from "../modules/omnichannel/types"

/** A card as the storefront sends it. Lives in memory only, for one acquirer call. */
export type CardInput = {
  number: string
  exp_month: number
  exp_year: number
  cvc?: string
  holder_name?: string
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
  /** First payment of a chain: the card itself. */
  card?: CardInput
  /** Subsequent payment: the acquirer reference of the chain's first payment. */
  initial_reference?: string
  cof?: CofFlags
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
  status: "authorized" | "captured" | "cancelled" | "refunded" | "paid_out"
}

/**
 * The card acquirer, whoever it is. Every money call carries an idempotency key: the
 * same key must never move money twice, however often it is sent.
 */
export interface Acquirer {
  readonly name: string
  authorize(req: AuthorizeRequest): Promise<AcquirerResult>
  capture(req: MoneyRequest): Promise<AcquirerResult>
  cancel(req: Omit<MoneyRequest, "amount"> & { amount?: number }): Promise<AcquirerResult>
  refund(req: MoneyRequest): Promise<AcquirerResult>
  payout(req: PayoutRequest): Promise<AcquirerResult>
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
