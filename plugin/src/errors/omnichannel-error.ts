import { MedusaError } from "@medusajs/framework/utils"

/**
 * Every refusal the plugin makes, with the HTTP status and `code` the API contract
 * promises. Routes answer `{ code, type, message }` from it (see api/error-handler).
 */
export const ERRORS = {
  INVALID_DATA: 400,
  UNKNOWN_CURRENCY: 400,
  INVALID_AMOUNT: 400,
  INVALID_PAYMENT_ID: 400,
  INVALID_CARD: 400,
  CARD_DATA_NOT_ACCEPTED: 400,
  UNKNOWN_TERMINAL: 401,
  INVALID_SIGNATURE: 401,
  STALE_TIMESTAMP: 401,
  METRICS_TOKEN_INVALID: 401,
  PAYMENT_DECLINED: 402,
  CHAIN_NOT_FOUND: 404,
  CUSTOMER_NOT_FOUND: 404,
  NOT_FOUND: 404,
  PAYMENT_LINK_NOT_FOUND: 404,
  OPERATION_NOT_FOUND: 404,
  PAYMENT_LINK_NOT_PAYABLE: 409,
  PAYMENT_LINK_BUSY: 409,
  REFUND_ORDER_LOCKED: 409,
  IDEMPOTENCY_KEY_REUSED: 409,
  OPERATION_ALREADY_SETTLED: 409,
  IDEMPOTENCY_REQUEST_IN_PROGRESS: 409,
  CURRENCY_MISMATCH: 422,
  REFUND_EXCEEDS_PAID: 422,
  CAPTURE_EXCEEDS_AUTHORIZED: 422,
  OPERATION_NOT_ALLOWED: 422,
  COF_CONSENT_MISSING: 422,
  PAYOUT_REASON_REQUIRED: 422,
  UNKNOWN_SKU: 422,
  ITEM_NOT_ON_ORDER: 422,
  RETURN_EXCEEDS_SOLD: 422,
  TOKEN_MISMATCH: 422,
  PAYMENTS_EXCEED_TOTAL: 422,
  GIFT_CARD_INVALID: 422,
  GIFT_CARD_INSUFFICIENT: 422,
  STORE_CREDIT_INSUFFICIENT: 422,
  TENDER_NOT_AVAILABLE: 422,
  NOTHING_OUTSTANDING: 422,
  AMOUNT_EXCEEDS_OUTSTANDING: 422,
  ACQUIRER_UNAVAILABLE: 502,
} as const

export type OmnichannelErrorCode = keyof typeof ERRORS

const TYPE_BY_STATUS: Record<number, string> = {
  400: MedusaError.Types.INVALID_DATA,
  401: MedusaError.Types.UNAUTHORIZED,
  402: MedusaError.Types.PAYMENT_AUTHORIZATION_ERROR,
  404: MedusaError.Types.NOT_FOUND,
  409: MedusaError.Types.CONFLICT,
  422: MedusaError.Types.NOT_ALLOWED,
  502: MedusaError.Types.UNEXPECTED_STATE,
}

export class OmnichannelError extends MedusaError {
  readonly status: number
  readonly field?: string
  /**
   * A refusal that only describes this moment (another operation holds the chain): the
   * same request may succeed later, so its answer is not kept for its Idempotency-Key.
   * An own enumerable property, so it survives the copy a workflow hands back.
   */
  transient?: boolean

  constructor(code: OmnichannelErrorCode, message: string, field?: string) {
    const status = ERRORS[code]
    super(TYPE_BY_STATUS[status], message, code)
    this.status = status
    this.field = field
  }

  static transient(code: OmnichannelErrorCode, message: string, field?: string): OmnichannelError {
    const err = new OmnichannelError(code, message, field)
    err.transient = true
    return err
  }

  static isTransient(err: unknown): boolean {
    return OmnichannelError.is(err) && (err as { transient?: boolean }).transient === true
  }

  static is(err: unknown, code?: OmnichannelErrorCode): err is OmnichannelError {
    return (
      !!err &&
      typeof err === "object" &&
      (err as { code?: string }).code !== undefined &&
      (err as { code: string }).code in ERRORS &&
      (code === undefined || (err as { code: string }).code === code)
    )
  }
}
