import type { Domain } from "onlinepayments-sdk-nodejs"
import { AcquirerError, type BrowserData, type TokenizedCard } from "../types"

/** Worldline's card product ids (`paymentProductId`) for the brands we name. */
const BRANDS: Record<number, string> = { 1: "visa", 2: "amex", 3: "mastercard", 117: "maestro", 125: "jcb", 132: "diners" }

/** The platform shows a card as its BIN, a mask, and its last four digits ("424242XXXXXX4242"). */
const MASKED_PAN = /^(\d{6})\D*\d*(\d{4})$/

/** What the hosted form tokenized, in our words; a session with no card yet is an invalid id. */
export function tokenizedCardFrom(id: string, answer: Domain.GetHostedTokenizationResponse): TokenizedCard {
  const token = answer.token
  const masked = token?.card?.data?.cardWithoutCvv?.cardNumber ?? ""
  const match = MASKED_PAN.exec(masked)
  if (!token?.id || !match || masked.length < 12 || masked.length > 19) {
    throw new AcquirerError("invalid", "INVALID_DATA", `hosted_tokenization_id: no card was tokenized in hosted form ${id}`)
  }
  // Worldline spells these fields with a capital letter on the wire.
  const linked = token.externalTokenLinked
  const generated = linked?.GeneratedToken ?? null
  const fingerprint = linked?.ComputedToken ?? linked?.GTSComputedToken ?? generated
  return {
    brand: BRANDS[token.paymentProductId ?? -1] ?? "unknown",
    bin: match[1],
    last4: match[2],
    pan_length: masked.length,
    // A temporary token is deleted by the platform within hours: nothing to charge again.
    acquirer_token: token.isTemporary ? null : token.id,
    fingerprint: fingerprint ? fingerprint.toUpperCase() : null,
    generated_token: generated,
  }
}

/** `order.customer.device`: what the issuer's 3-D Secure server wants to know of the browser. */
export function deviceFrom(browser: BrowserData): Domain.CustomerDevice {
  const text = (n: number | undefined) => (n === undefined ? undefined : String(n))
  return prune({
    acceptHeader: browser.accept_header,
    userAgent: browser.user_agent,
    locale: browser.locale,
    // The SDK's schema takes these as strings.
    timezoneOffsetUtcMinutes: text(browser.timezone_offset_minutes),
    ipAddress: browser.ip_address,
    browserData: prune({
      colorDepth: browser.color_depth,
      screenHeight: text(browser.screen_height),
      screenWidth: text(browser.screen_width),
      javaEnabled: browser.java_enabled,
    }),
  })
}

/** Whether a refused payment was refused because the customer failed 3-D Secure. */
export function authenticationFailed(payment: Domain.PaymentResponse): boolean {
  const status = payment.paymentOutput?.cardPaymentMethodSpecificOutput?.threeDSecureResults?.authenticationStatus
  if (status === "N" || status === "R") return true
  return (payment.statusOutput?.errors ?? []).some((e) => /AUTHENTICATION/i.test(`${e.id ?? ""} ${e.message ?? ""}`))
}

/** The SDK's schemas refuse `undefined` members and empty objects add nothing. */
function prune<T extends object>(value: T): T {
  return Object.fromEntries(
    Object.entries(value).filter(([, v]) => v !== undefined && !(typeof v === "object" && v && Object.keys(v).length === 0))
  ) as T
}
