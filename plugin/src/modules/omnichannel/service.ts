import { MedusaService } from "@medusajs/framework/utils"
import Chain from "./models/chain"

export type OmnichannelModuleOptions = {
  /** Merchant secret (>= 32 bytes) shared with the terminals; keys the offline token. */
  tokenKey?: string
  /** Return the offline token to the storefront as `externalTokenLinked.computedToken`. */
  offlineTokens?: boolean
  /** Card acquirer: "sandbox" (default) or "worldline-direct". */
  acquirer?: "sandbox" | "worldline-direct"
}

class OmnichannelModuleService extends MedusaService({ Chain }) {
  protected readonly options_: OmnichannelModuleOptions

  constructor(container: Record<string, unknown>, options: OmnichannelModuleOptions = {}) {
    super(...arguments)
    this.options_ = options
  }
}

export default OmnichannelModuleService
