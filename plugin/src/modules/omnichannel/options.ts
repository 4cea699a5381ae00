import type { AcquirerOptions } from "../../acquirers"
import type { WebhookSettings } from "./types"

export type OmnichannelModuleOptions = AcquirerOptions & {
  /** Merchant secret (>= 32 bytes) shared with the terminals; keys the offline token. */
  tokenKey?: string
  /** Return the offline token to the storefront as `externalTokenLinked.computedToken`. */
  offlineTokens?: boolean
  /** Delivery of stock and order notifications to the terminals' webhook_url. */
  webhooks?: Partial<WebhookSettings>
  /**
   * Payment links: `url` is the page a link opens, with `{token}` where the link's token
   * goes (default: the reference store's `http://localhost:9000/shop/pay/{token}`);
   * `expiresInHours` how long a link stays payable unless its request says (default 72).
   */
  paymentLinks?: { url?: string; expiresInHours?: number }
  /**
   * Prometheus metrics at `GET /omnichannel/metrics` (off by default). `token`: the scrape
   * must send `Authorization: Bearer <token>`; set it whenever the store's port is public.
   */
  metrics?: { enabled?: boolean; token?: string }
  /**
   * Recognise a shopper at the till by their card (default "off"): with "by_card", a till
   * sale without a customer, paid by a card a customer kept online, gets that customer, and
   * their earlier anonymous till orders with that card are attached to them. Off by default:
   * the merchant's privacy notice must say that shoppers are recognised by card.
   */
  recognizeCustomers?: RecognizeCustomers
}

export const RECOGNIZE_CUSTOMERS = ["off", "by_card"] as const
export type RecognizeCustomers = (typeof RECOGNIZE_CUSTOMERS)[number]

/** Where the module's loader registers its options for the internal services. */
export const OPTIONS_KEY = "omnichannelOptions"
/** The acquirer option `acquirer` names, as the module uses it (retries and timing around it). */
export const ACQUIRER_KEY = "omnichannelAcquirer"
/** The same acquirer provider, bare: what it can do beyond the Acquirer interface (the sandbox's pages). */
export const ACQUIRER_PROVIDER_KEY = "omnichannelAcquirerProvider"

const MIN_TOKEN_KEY_BYTES = 32

/** Refuses options the store must not start with. */
export function validateOptions(options: OmnichannelModuleOptions) {
  const key = options.tokenKey
  if (key !== undefined && Buffer.byteLength(key, "utf8") < MIN_TOKEN_KEY_BYTES) {
    throw new Error(`medusa-plugin-omnichannel: option tokenKey must be at least ${MIN_TOKEN_KEY_BYTES} bytes`)
  }
  const linkUrl = options.paymentLinks?.url
  if (linkUrl !== undefined && (!/^https?:\/\//.test(linkUrl) || !linkUrl.includes("{token}"))) {
    throw new Error("medusa-plugin-omnichannel: option paymentLinks.url must be an http(s) URL containing {token}")
  }
  const token = options.metrics?.token
  if (token !== undefined && (typeof token !== "string" || token.length < 16)) {
    throw new Error("medusa-plugin-omnichannel: option metrics.token must be a string of at least 16 characters")
  }
  const recognize = options.recognizeCustomers
  if (recognize !== undefined && !RECOGNIZE_CUSTOMERS.includes(recognize)) {
    throw new Error(`medusa-plugin-omnichannel: option recognizeCustomers must be one of ${RECOGNIZE_CUSTOMERS.map((v) => `"${v}"`).join(", ")}`)
  }
  const hours = options.paymentLinks?.expiresInHours
  if (hours !== undefined && !(typeof hours === "number" && hours > 0 && hours <= 24 * 30)) {
    throw new Error("medusa-plugin-omnichannel: option paymentLinks.expiresInHours must be a number of hours above 0 and at most 720")
  }
}
