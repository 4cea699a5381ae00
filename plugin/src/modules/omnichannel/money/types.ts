import type { AcquirerPaymentRecord, BrowserData, HostedCardForm } from "../../../acquirers/types"
import type { CardTokenDTO, ChainDTO, OperationDTO, PaymentLinkDTO } from "../dto"
import type { AuthorizationMode, Channel, PaymentMethod } from "../types"

/**
 * Inputs and answers of the module's money API (`authorizeFirst`, `capture`, `settle`...).
 * Amounts are integer minor units of the chain's currency.
 */

export type { HostedCardForm }

export type HostedCardFormInput = { idempotency_key: string; locale?: string }

/** The card of a first payment: typed in the platform's hosted form, or kept from an earlier purchase. */
export type FirstPaymentCard =
  | { kind: "hosted"; hosted_tokenization_id: string }
  | { kind: "saved"; card_token: CardTokenDTO & { acquirer_token: string } }

export type AuthorizeFirstInput = {
  card: FirstPaymentCard
  amount: number
  currency_code: string
  mode: AuthorizationMode
  channel: Channel
  store_credentials: boolean
  /** The caller's key (Medusa's payment session id): a retry opens a new chain, so only it is stable. */
  idempotency_key: string
  return_url?: string
  browser?: BrowserData
}

export type CardBrief = { brand: string; bin: string; last4: string }

export type AuthorizeFirstResult = {
  chain: ChainDTO
  /** `pending` while the customer is in 3-D Secure (`action` says where to send them). */
  operation: OperationDTO
  card_token: CardTokenDTO | null
  offline_token: string | null
  card: CardBrief | null
  action: { redirect_url: string | null } | null
}

/** A payment link paid with a card typed in the hosted form: a SALE on the link's chain. */
export type PayLinkInput = {
  link: PaymentLinkDTO
  hosted_tokenization_id: string
  /** The link's payment key: the same card form sent again resumes the same payment. */
  idempotency_key: string
  return_url: string
  browser?: BrowserData
}

export type PayLinkResult = { operation: OperationDTO; redirect_url: string | null }

/** The chain's card charged again, merchant-initiated on the consent of its first payment. */
export type ChargeSubsequentInput = {
  chain_id: string
  amount: number
  authorization_mode: AuthorizationMode
  idempotency_key: string
  actor_id?: string | null
}

/** A capture or a cancel against one authorization of the chain. */
export type AuthorizationMoveInput = {
  chain_id: string
  authorization_id: string
  amount: number
  channel: Channel
  idempotency_key: string
}

/** Who asked for a refund, how the money goes back and why: recorded on the refund operation. */
export type RefundOrigin = {
  reference: string
  idempotency_key: string
  channel: Channel
  /** Not `card`: the money goes back in kind and the acquirer is not asked. */
  method?: PaymentMethod
  /** Where a refund in kind went (the gift card issued, the account credited). */
  in_kind?: Record<string, string>
  /** The Medusa return the refund pays for (goods brought back at a till). */
  return_id?: string | null
  actor_id?: string | null
  terminal_id?: string | null
  stock_location_id?: string | null
  note?: string | null
}

/** What the provider reads back from a Medusa refund to record it on the chain as asked. */
export type RefundMetadata = { omnichannel: RefundOrigin }

export type RefundInput = {
  chain_id: string
  amount: number
  origin: RefundOrigin
  /**
   * The card payment the acquirer refunds against; without it, the chain's first card
   * payment (and failing that the chain's payment id).
   */
  payment_operation_id?: string | null
}

export type PayoutInput = {
  chain_id: string
  amount: number
  reason: string
  actor_id: string
  idempotency_key: string
}

/** What the acquirer reported itself (a verified webhook): the operation's end, without asking. */
export type ReportedOutcome =
  | { status: "succeeded"; acquirer_reference?: string | null }
  | { status: "failed"; acquirer_reference?: string | null; error_message: string }

export type SettleOptions = {
  /** Give up now if it still waits (the session replaced, the link canceled): why, as the failure's message. */
  give_up?: string
  /** The settle job: give up on one still waiting that was made before this. */
  abandon_before?: Date | string | null
  /** Why, when given up for being older than `abandon_before`. */
  abandon_reason?: string
  /** The outcome an acquirer webhook reported: recorded as it is, the acquirer not asked again. */
  reported?: ReportedOutcome
}

/** A payment given back because what followed it failed: a cancel for an authorization, a refund for a SALE. */
export type UndoPaymentInput = { operation_id: string; note: string }

/** The acquirer's own account of one of its payments, for reconciliation. */
export type AcquirerRecordAnswer = { acquirer: string } & (
  | { kind: "record"; record: AcquirerPaymentRecord }
  /** The acquirer definitely does not know the payment. */
  | { kind: "unknown" }
  /** It cannot say now, or cannot say at all (the sandbox outside its process). */
  | { kind: "unavailable" }
)

/**
 * The module's money API (part of IOmnichannelModuleService). Each call records the
 * operation on its chain, asks the acquirer under the operation's idempotency key and
 * records the answer; the same call with the same key resumes it instead of moving money twice.
 * Refusals are OmnichannelErrors in the contract's words (PAYMENT_DECLINED, ACQUIRER_UNAVAILABLE...).
 */
export interface OmnichannelMoneyApi {
  /** The platform's hosted card form for one checkout or payment link page. */
  openHostedCardForm(input: HostedCardFormInput): Promise<HostedCardForm>
  /** A purchase's first payment on a new chain (an online checkout). */
  authorizeFirst(input: AuthorizeFirstInput): Promise<AuthorizeFirstResult>
  /** A payment link paid with a card from the hosted form (a SALE on the link's chain). */
  payLink(input: PayLinkInput): Promise<PayLinkResult>
  /** The chain's card charged again (merchant-initiated, credentials on file). */
  chargeSubsequent(input: ChargeSubsequentInput): Promise<OperationDTO>
  capture(input: AuthorizationMoveInput): Promise<OperationDTO>
  cancel(input: AuthorizationMoveInput): Promise<OperationDTO>
  /** To the card through the acquirer, or in kind (cash, store credit, a gift card) on the chain alone. */
  refund(input: RefundInput): Promise<OperationDTO>
  payout(input: PayoutInput): Promise<OperationDTO>
  /** A pending operation settled from the acquirer's word (or a webhook's); see money/settle.ts. */
  settle(operationId: string, options?: SettleOptions): Promise<OperationDTO>
  /** Compensation: a succeeded payment given back (cancel or refund); null when there is nothing to give back. */
  undoPayment(input: UndoPaymentInput): Promise<OperationDTO | null>
  /** The acquirer's record of one of its payments, for reconciliation. */
  acquirerRecordOf(reference: string): Promise<AcquirerRecordAnswer>
}
