import type { AcquirerOptions } from "../../acquirers"
import type { WebhookSettings } from "./types"

export type OmnichannelModuleOptions = AcquirerOptions & {
  /** Merchant secret (>= 32 bytes) shared with the terminals; keys the offline token. */
  tokenKey?: string
  /** Return the offline token to the storefront as `externalTokenLinked.computedToken`. */
  offlineTokens?: boolean
  /** Delivery of stock and order notifications to the terminals' webhook_url. */
  webhooks?: Partial<WebhookSettings>
}

/** Where the module's loader registers its options for the internal services. */
export const OPTIONS_KEY = "omnichannelOptions"

const MIN_TOKEN_KEY_BYTES = 32

/** Refuses options the store must not start with. */
export function validateOptions(options: OmnichannelModuleOptions) {
  const key = options.tokenKey
  if (key !== undefined && Buffer.byteLength(key, "utf8") < MIN_TOKEN_KEY_BYTES) {
    throw new Error(`medusa-plugin-omnichannel: option tokenKey must be at least ${MIN_TOKEN_KEY_BYTES} bytes`)
  }
}
