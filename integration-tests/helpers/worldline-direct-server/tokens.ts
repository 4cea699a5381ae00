import { createHmac, randomBytes, randomUUID } from "crypto"
import { generateCrmToken } from "../../../plugin/src/cards/crm-token"
import { error, type Answer } from "./answers"

/** A card as the platform keeps it (this server plays the platform: nothing else sees it). */
export type Card = { pan: string; expiryDate: string; cardholderName?: string }
type Token = { id: string; card: Card; temporary: boolean }
type HostedTokenization = { id: string; tokenId?: string; tokenStatus?: "CREATED" | "UNCHANGED" }

/**
 * The platform's card vault: hosted tokenization sessions (the form the customer types the
 * card into), the tokens they make, and the tokens the platform links to a card.
 */
export class TokenVault {
  private readonly hosted = new Map<string, HostedTokenization>()
  private readonly tokens = new Map<string, Token>()
  /** One permanent token and one generated (CRM) token per card, as the platform keeps them. */
  private readonly permanentTokens = new Map<string, string>()
  private readonly generatedTokens = new Map<string, string>()

  /** `tokenKey`: the merchant's key for `externalTokenLinked.ComputedToken` (HMAC of the card number). */
  constructor(private readonly baseUrl: () => string, private readonly tokenKey?: string) {}

  hasSession(id: string) {
    return this.hosted.has(id)
  }

  createHostedTokenization(body: any): Answer {
    if (body?.askConsumerConsent !== undefined && typeof body.askConsumerConsent !== "boolean") {
      return error(400, "21000020", "INVALID_VALUE", "askConsumerConsent must be a boolean", "askConsumerConsent")
    }
    const id = randomBytes(16).toString("hex")
    this.hosted.set(id, { id })
    const url = this.baseUrl()
    return { status: 200, body: { hostedTokenizationId: id, hostedTokenizationUrl: `${url}/hostedtokenization/${id}`, partialRedirectUrl: `${url.replace(/^https?:\/\//, "")}/hostedtokenization/${id}` } }
  }

  getHostedTokenization(id: string): Answer {
    const session = this.hosted.get(id)
    if (!session) return error(404, "1002", "UNKNOWN_HOSTED_TOKENIZATION", `no hosted tokenization ${id}`, "hostedTokenizationId")
    const token = session.tokenId ? this.tokens.get(session.tokenId) : undefined
    // Before the customer submits the form there is no token yet.
    if (!token) return { status: 200, body: {} }
    return {
      status: 200,
      body: {
        token: {
          id: token.id,
          isTemporary: token.temporary,
          paymentProductId: productId(token.card.pan),
          card: { alias: masked(token.card.pan), data: { cardWithoutCvv: cardView(token.card) } },
          externalTokenLinked: this.linkedTokens(token.card.pan),
        },
        tokenStatus: session.tokenStatus,
      },
    }
  }

  /**
   * What the platform's Tokenizer does when the customer submits the hosted form: keeps
   * the card and links a token to the session. Returns the session id, as the browser gets it.
   */
  tokenize(
    hostedTokenizationId: string,
    pan: string,
    card: { expiryDate?: string; cvv?: string; cardholderName?: string; storePermanently?: boolean } = {}
  ): string {
    const session = this.hosted.get(hostedTokenizationId)
    if (!session) throw new Error(`no hosted tokenization ${hostedTokenizationId}`)
    const expiryDate = card.expiryDate ?? `12${String((new Date().getFullYear() + 2) % 100).padStart(2, "0")}`
    const invalid = cardProblem(pan, expiryDate, card.cvv ?? "123")
    if (invalid) throw new Error(invalid)
    // Temporary unless the browser asked (the Tokenizer's storePermanently), as the platform does.
    const permanent = card.storePermanently ?? false
    const known = permanent ? this.permanentTokens.get(pan) : undefined
    const token: Token = known ? this.tokens.get(known)! : { id: randomUUID(), card: { pan, expiryDate, cardholderName: card.cardholderName }, temporary: !permanent }
    this.tokens.set(token.id, token)
    if (permanent) this.permanentTokens.set(pan, token.id)
    session.tokenId = token.id
    session.tokenStatus = known ? "UNCHANGED" : "CREATED"
    return session.id
  }

  /** The card a payment is for: a hosted form's, a kept token's, or one sent in the clear. */
  cardOf(body: any): { card: Card; tokenId?: string } | Answer {
    const input = body?.cardPaymentMethodSpecificInput
    if (body?.hostedTokenizationId) {
      const session = this.hosted.get(body.hostedTokenizationId)
      const token = session?.tokenId ? this.tokens.get(session.tokenId) : undefined
      if (!token) return error(400, "21000020", "INVALID_VALUE", "hostedTokenizationId is unknown or has no card", "hostedTokenizationId")
      return { card: token.card, tokenId: token.id }
    }
    if (input?.token) {
      const token = this.tokens.get(input.token)
      if (!token) return error(400, "21000020", "INVALID_VALUE", "token is unknown", "cardPaymentMethodSpecificInput.token")
      return { card: token.card, tokenId: token.id }
    }
    const number: string = input?.card?.cardNumber ?? ""
    if (!/^\d{12,19}$/.test(number)) {
      return error(400, "21000030", "INVALID_CARD_NUMBER", "cardNumber is invalid", "cardPaymentMethodSpecificInput.card.cardNumber")
    }
    if (!/^(0[1-9]|1[0-2])\d\d$/.test(input?.card?.expiryDate ?? "")) {
      return error(400, "21000040", "INVALID_EXPIRY_DATE", "expiryDate must be MMYY", "cardPaymentMethodSpecificInput.card.expiryDate")
    }
    return { card: { pan: number, expiryDate: input.card.expiryDate, cardholderName: input.card.cardholderName } }
  }

  /**
   * The platform's tokens for a card: `GeneratedToken` (its own CRM token, one per card)
   * and, when the merchant gave a token key, `ComputedToken` (HMAC of the card number).
   */
  linkedTokens(pan: string) {
    // Format-preserving, as seed 003 describes the platform's CRM token: BIN and last 4 kept, never a valid card number.
    if (!this.generatedTokens.has(pan)) this.generatedTokens.set(pan, generateCrmToken(pan.slice(0, 6), pan.slice(-4), pan.length))
    const computed = this.tokenKey ? createHmac("sha256", this.tokenKey).update(pan).digest("hex").toUpperCase() : undefined
    return { GeneratedToken: this.generatedTokens.get(pan)!, ...(computed ? { ComputedToken: computed } : {}) }
  }
}

function cardView(card: Card) {
  return { cardNumber: masked(card.pan), expiryDate: card.expiryDate, cardholderName: card.cardholderName }
}

/** Worldline's `paymentProductId` of a card number (the brands the sandbox's cards use). */
export function productId(pan: string): number {
  if (/^4/.test(pan)) return 1
  if (/^3[47]/.test(pan)) return 2
  if (/^(5[1-5]|2[2-7])/.test(pan)) return 3
  return 0
}

/** How the platform shows a card number: BIN, a mask, last four. */
export function masked(pan: string): string {
  return `${pan.slice(0, 6)}${"X".repeat(pan.length - 10)}${pan.slice(-4)}`
}

/** What the hosted form refuses before anything reaches the platform's vault. */
function cardProblem(pan: string, expiryDate: string, cvv: string): string | null {
  if (!/^\d{12,19}$/.test(pan) || !luhn(pan)) return "cardNumber: not a valid card number"
  if (!/^(0[1-9]|1[0-2])\d\d$/.test(expiryDate)) return "expiryDate: MMYY"
  if (!/^\d{3,4}$/.test(cvv)) return "cvv: 3 or 4 digits"
  return null
}

function luhn(pan: string): boolean {
  let sum = 0
  for (let i = 0; i < pan.length; i++) {
    let digit = Number(pan[pan.length - 1 - i])
    if (i % 2 === 1) digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2
    sum += digit
  }
  return sum % 10 === 0
}
