import { randomInt, randomUUID } from "crypto"
import { SANDBOX_CARDS } from "../../../plugin/src/acquirers/sandbox"
import { checkMoney, error, type Answer } from "./answers"
import { masked, productId, type Card, type TokenVault } from "./tokens"

export type WorldlineCharge = {
  kind: "authorize" | "subsequent" | "capture" | "cancel" | "refund" | "payout"
  amount: number
  currency_code: string
  idempotency_key: string
  reference: string
}

type Payment = {
  id: string
  amount: number
  currency: string
  status: string
  captured: number
  refunded: number
  /** What `GET .../details` lists: the authorization and every capture, cancel and refund on it. */
  operations: { id: string; status: string; amount: number; merchantReference?: string }[]
  declinesLater: boolean
  mode?: string
  card?: Card
  tokenId?: string
  references?: unknown
  /** The idempotence key of the call that created it: a challenge passed later charges under it. */
  key?: string
  returnUrl?: string
  returnMac?: string
  /** 3-D Secure `authenticationStatus`: Y passed, N failed. */
  authentication?: "Y" | "N"
  challengeFails?: boolean
}

// The same test cards as the sandbox (README), so one suite runs against either.
const CARDS = SANDBOX_CARDS

/** Worldline `statusOutput` of the statuses this server gives. */
const STATUS_OUTPUT: Record<string, { statusCode: number; statusCategory: string; isAuthorized: boolean }> = {
  REDIRECTED: { statusCode: 46, statusCategory: "PENDING_CONNECT_OR_3RD_PARTY", isAuthorized: false },
  PENDING_CAPTURE: { statusCode: 5, statusCategory: "PENDING_MERCHANT", isAuthorized: true },
  CAPTURED: { statusCode: 9, statusCategory: "COMPLETED", isAuthorized: false },
  REJECTED: { statusCode: 2, statusCategory: "UNSUCCESSFUL", isAuthorized: false },
  CANCELLED: { statusCode: 6, statusCategory: "UNSUCCESSFUL", isAuthorized: false },
}

/**
 * The platform's payments: card payments (authorized, or redirected to 3-D Secure first),
 * subsequent payments on a kept card, captures, cancels, refunds and payouts, each money
 * movement recorded in `charges`, with the views `GET` answers.
 */
export class PaymentBook {
  readonly charges: WorldlineCharge[] = []
  private readonly payments = new Map<string, Payment>()
  private sequence = 0

  constructor(private readonly tokens: TokenVault, private readonly baseUrl: () => string) {}

  /** The payment a 3-D Secure page is for, while it waits for the customer. */
  waitingForChallenge(id: string): Payment | undefined {
    const payment = this.payments.get(id)
    return payment?.status === "REDIRECTED" ? payment : undefined
  }

  /**
   * The customer at the issuer's challenge: passes (the payment is then authorized) or
   * fails (REJECTED). Card 3238 fails whatever the customer does. Returns where the
   * browser is sent back: the merchant's returnUrl with `paymentId` and `RETURNMAC`.
   */
  completeChallenge(paymentId: string, passed: boolean): string {
    const payment = this.payments.get(paymentId)
    if (payment?.status !== "REDIRECTED") throw new Error(`payment ${paymentId} is not waiting for a challenge`)
    if (passed && !payment.challengeFails) {
      payment.authentication = "Y"
      this.authorizeNow(payment)
    } else {
      payment.authentication = "N"
      payment.status = "REJECTED"
    }
    const back = new URL(payment.returnUrl!)
    back.searchParams.set("paymentId", payment.id)
    back.searchParams.set("RETURNMAC", payment.returnMac!)
    return back.toString()
  }

  getPayment(id: string): Answer {
    const payment = this.payments.get(id)
    if (!payment) return error(404, "1002", "UNKNOWN_PAYMENT_ID", `no payment ${id}`, "paymentId")
    return { status: 200, body: this.paymentView(payment) }
  }

  /** The payment with its operations, as Worldline's `PaymentDetailsResponse` (note the capital `Operations`). */
  getPaymentDetails(id: string): Answer {
    const payment = this.payments.get(id)
    if (!payment) return error(404, "1002", "UNKNOWN_PAYMENT_ID", `no payment ${id}`, "paymentId")
    const view = this.paymentView(payment)
    return {
      status: 200,
      body: {
        ...view,
        Operations: payment.operations.map((o) => ({
          id: o.id,
          status: o.status,
          amountOfMoney: { amount: o.amount, currencyCode: payment.currency },
          ...(o.merchantReference ? { operationReferences: { merchantReference: o.merchantReference } } : {}),
        })),
      },
    }
  }

  /**
   * Tests' hand on the platform's records: what it says it captured or refunded on a
   * payment changes, as when the platform and the store disagree.
   */
  alterPaymentRecord(id: string, change: { captured?: number; refunded?: number }) {
    const payment = this.payments.get(id)
    if (!payment) throw new Error(`no payment ${id}`)
    if (change.captured) payment.operations.push({ id: `${id}_c${++this.sequence}`, status: "CAPTURED", amount: change.captured })
    if (change.refunded) payment.operations.push({ id: `${id}_r${++this.sequence}`, status: "REFUNDED", amount: change.refunded })
  }

  createPayment(body: any, key: string): Answer {
    const input = body?.cardPaymentMethodSpecificInput
    const money = body?.order?.amountOfMoney
    const invalid = checkMoney(money, "order.amountOfMoney")
    if (invalid) return invalid
    const source = this.tokens.cardOf(body)
    if ("status" in source) return source
    const { card, tokenId } = source
    const id = this.nextPaymentId()
    const rejected = (message: string, errorCode: string) => ({
      status: 402,
      body: {
        errorId: `err-${id}`,
        errors: [{ errorCode, id: "PAYMENT_REJECTED", httpStatusCode: 402, message, retriable: false }],
        paymentResult: { payment: { id, status: "REJECTED", statusOutput: { statusCode: 2 } } },
      },
    })
    if (card.pan === CARDS.declined) return rejected("declined by the issuer", "30511001")
    if (card.pan === CARDS.insufficientFunds) return rejected("insufficient funds", "30051001")
    const payment: Payment = {
      id,
      amount: money.amount,
      currency: money.currencyCode,
      status: "CREATED",
      captured: 0,
      refunded: 0,
      operations: [],
      declinesLater: card.pan === CARDS.declinesLater,
      mode: input?.authorizationMode,
      card,
      tokenId,
      references: body?.order?.references,
      key,
    }
    const creationOutput = tokenId ? { token: tokenId, isNewToken: false, tokenizationSucceeded: true } : undefined
    if (card.pan === CARDS.challenge || card.pan === CARDS.challengeFails) {
      const returnUrl = input?.threeDSecure?.redirectionData?.returnUrl
      if (!returnUrl) {
        return error(400, "21000020", "PARAMETER_MISSING", "returnUrl is required for 3-D Secure", "cardPaymentMethodSpecificInput.threeDSecure.redirectionData.returnUrl")
      }
      Object.assign(payment, { status: "REDIRECTED", returnUrl, returnMac: randomUUID(), challengeFails: card.pan === CARDS.challengeFails })
      this.payments.set(id, payment)
      const merchantAction = { actionType: "REDIRECT", redirectData: { redirectURL: `${this.baseUrl()}/3ds/${id}`, RETURNMAC: payment.returnMac } }
      return { status: 201, body: { creationOutput, merchantAction, payment: this.paymentView(payment) } }
    }
    payment.authentication = "Y"
    this.payments.set(id, payment)
    this.authorizeNow(payment)
    return { status: 201, body: { creationOutput, payment: this.paymentView(payment) }, loseOnce: card.pan === CARDS.acquirerError }
  }

  /** The issuer says yes: held (or taken, for a SALE) and charged under the creating call's key. */
  private authorizeNow(payment: Payment) {
    const sale = payment.mode === "SALE"
    payment.status = sale ? "CAPTURED" : "PENDING_CAPTURE"
    payment.captured = sale ? payment.amount : 0
    payment.operations.push({ id: payment.id, status: payment.status, amount: payment.amount })
    this.charge("authorize", { amount: payment.amount, currencyCode: payment.currency }, payment.key ?? "", payment.id)
  }

  subsequentPayment(initialId: string, body: any, key: string): Answer {
    const initial = this.payments.get(initialId)
    if (!initial) return error(404, "1002", "UNKNOWN_PAYMENT_ID", `no payment ${initialId}`, "paymentId")
    const input = body?.subsequentcardPaymentMethodSpecificInput
    if (!input) {
      return error(400, "21000020", "PARAMETER_MISSING", "subsequentcardPaymentMethodSpecificInput is missing", "subsequentcardPaymentMethodSpecificInput")
    }
    const money = body?.order?.amountOfMoney
    const invalid = checkMoney(money, "order.amountOfMoney")
    if (invalid) return invalid
    const id = this.nextPaymentId()
    if (initial.declinesLater) {
      return {
        status: 402,
        body: {
          errorId: `err-${id}`,
          errors: [{ errorCode: "30511001", id: "PAYMENT_REJECTED", message: "declined by the issuer", retriable: false }],
          paymentResult: { payment: { id, status: "REJECTED" } },
        },
      }
    }
    const sale = input.authorizationMode === "SALE"
    const payment: Payment = {
      id,
      amount: money.amount,
      currency: money.currencyCode,
      status: sale ? "CAPTURED" : "PENDING_CAPTURE",
      captured: sale ? money.amount : 0,
      refunded: 0,
      operations: [{ id, status: sale ? "CAPTURED" : "PENDING_CAPTURE", amount: money.amount }],
      declinesLater: false,
      mode: input.authorizationMode,
      card: initial.card,
      tokenId: initial.tokenId,
      references: body?.order?.references,
    }
    this.payments.set(id, payment)
    this.charge("subsequent", money, key, id)
    return { status: 201, body: { payment: this.paymentView(payment) } }
  }

  capture(paymentId: string, body: any, key: string): Answer {
    const payment = this.payments.get(paymentId)
    if (!payment) return error(404, "1002", "UNKNOWN_PAYMENT_ID", `no payment ${paymentId}`, "paymentId")
    const amount = body?.amount ?? payment.amount - payment.captured
    if (payment.status !== "PENDING_CAPTURE" || amount > payment.amount - payment.captured) {
      return error(409, "300450", "ACTION_NOT_ALLOWED_ON_TARGET", `cannot capture ${amount} of payment ${paymentId} (${payment.status})`)
    }
    payment.captured += amount
    payment.status = payment.captured === payment.amount ? "CAPTURED" : "PENDING_CAPTURE"
    const id = `${paymentId}_c${++this.sequence}`
    payment.operations.push({ id, status: "CAPTURED", amount, merchantReference: body?.operationReferences?.merchantReference })
    this.charge("capture", { amount, currencyCode: payment.currency }, key, id)
    return { status: 200, body: { id, status: "CAPTURED", captureOutput: { amountOfMoney: { amount, currencyCode: payment.currency }, operationReferences: body?.operationReferences } } }
  }

  cancel(paymentId: string, body: any, key: string): Answer {
    const payment = this.payments.get(paymentId)
    if (!payment) return error(404, "1002", "UNKNOWN_PAYMENT_ID", `no payment ${paymentId}`, "paymentId")
    payment.status = "CANCELLED"
    const amount = body?.amountOfMoney?.amount ?? payment.amount - payment.captured
    payment.operations.push({ id: `${paymentId}_x${++this.sequence}`, status: "CANCELLED", amount })
    this.charge("cancel", { amount, currencyCode: payment.currency }, key, paymentId)
    return { status: 200, body: { payment: this.paymentView(payment) } }
  }

  refund(paymentId: string, body: any, key: string): Answer {
    const money = body?.amountOfMoney
    const invalid = checkMoney(money, "amountOfMoney")
    if (invalid) return invalid
    const payment = this.payments.get(paymentId)
    // Payments this server did not create are in-store payments made on the platform's
    // terminals: taken as known, without a balance to check.
    if (payment) {
      if (money.amount > payment.captured - payment.refunded) {
        return error(400, "300430", "REFUND_AMOUNT_EXCEEDS_PAID", `refund of ${money.amount} exceeds what is left on ${paymentId}`, "amountOfMoney.amount")
      }
      payment.refunded += money.amount
    }
    const id = `${paymentId}_r${++this.sequence}`
    payment?.operations.push({ id, status: "REFUND_REQUESTED", amount: money.amount, merchantReference: body?.operationReferences?.merchantReference })
    this.charge("refund", money, key, id)
    return { status: 201, body: { id, status: "REFUND_REQUESTED", refundOutput: { amountOfMoney: money, operationReferences: body?.operationReferences } } }
  }

  createPayout(body: any, key: string): Answer {
    const money = body?.amountOfMoney
    const invalid = checkMoney(money, "amountOfMoney")
    if (invalid) return invalid
    if (!body?.omnichannelPayoutSpecificInput?.paymentId) {
      return error(400, "21000020", "PARAMETER_MISSING", "omnichannelPayoutSpecificInput.paymentId is missing", "omnichannelPayoutSpecificInput.paymentId")
    }
    const id = `po-${this.nextPaymentId()}`
    this.charge("payout", money, key, id)
    return { status: 201, body: { id, status: "PAYOUT_REQUESTED", payoutOutput: { amountOfMoney: money } } }
  }

  private charge(kind: WorldlineCharge["kind"], money: { amount: number; currencyCode: string }, key: string, reference: string) {
    this.charges.push({ kind, amount: money.amount, currency_code: money.currencyCode, idempotency_key: key, reference })
  }

  private paymentView(payment: Payment) {
    const errors =
      payment.status === "REJECTED" && payment.authentication === "N"
        ? [{ errorCode: "40001134", id: "AUTHENTICATION_FAILURE", category: "PAYMENT_PLATFORM_ERROR", httpStatusCode: 402, message: "3-D Secure authentication failed" }]
        : undefined
    return {
      id: payment.id,
      status: payment.status,
      statusOutput: { ...STATUS_OUTPUT[payment.status], ...(errors ? { errors } : {}) },
      paymentOutput: {
        amountOfMoney: { amount: payment.amount, currencyCode: payment.currency },
        references: payment.references ?? undefined,
        ...(payment.card ? { paymentMethod: "card", cardPaymentMethodSpecificOutput: this.cardOutput(payment, payment.card) } : {}),
      },
    }
  }

  private cardOutput(payment: Payment, card: Card) {
    return {
      paymentProductId: productId(card.pan),
      card: { cardNumber: masked(card.pan), expiryDate: card.expiryDate, bin: card.pan.slice(0, 6) },
      ...(payment.tokenId ? { token: payment.tokenId } : {}),
      externalTokenLinked: this.tokens.linkedTokens(card.pan),
      ...(payment.authentication ? { threeDSecureResults: { authenticationStatus: payment.authentication, flow: payment.returnMac ? "challenge" : "frictionless" } } : {}),
    }
  }

  /** Omnichannel payment ids are 19 digits, whatever the channel. */
  private nextPaymentId() {
    return `${randomInt(1, 10)}${String(randomInt(0, 1e9)).padStart(9, "0")}${String(++this.sequence).padStart(9, "0")}`
  }
}
