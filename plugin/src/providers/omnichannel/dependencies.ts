import type { IPaymentModuleService, RemoteQueryFunction } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MedusaError, Modules } from "@medusajs/framework/utils"
import { OMNICHANNEL_MODULE, type IOmnichannelModuleService } from "../../modules/omnichannel"

/** What the store's medusa-config.ts gives the payment module, so its providers can reach them. */
export const PAYMENT_MODULE_DEPENDENCIES = [OMNICHANNEL_MODULE, ContainerRegistrationKeys.QUERY, Modules.PAYMENT] as const

const CONFIG_LINE = `dependencies: ${JSON.stringify(PAYMENT_MODULE_DEPENDENCIES)}`

/**
 * The modules the provider works with, read from its own container (the payment module's),
 * where Medusa registers what the module's `dependencies` in medusa-config.ts name. Read at
 * call time: the omnichannel module is loaded after the payment module, and the payment
 * module itself (whose captures and refunds the provider reads back) after its providers.
 */
export class ProviderDependencies {
  constructor(private readonly cradle: Record<string, unknown>) {}

  /** The chains' module: its money API moves the money. */
  get ledger(): IOmnichannelModuleService {
    return this.need<IOmnichannelModuleService>(OMNICHANNEL_MODULE)
  }

  /** Medusa's Query, for a customer's kept cards. */
  get query(): RemoteQueryFunction {
    return this.need<RemoteQueryFunction>(ContainerRegistrationKeys.QUERY)
  }

  /** Medusa's payment module: what a capture or a refund it asks for says beyond its id. */
  get payments(): IPaymentModuleService {
    return this.need<IPaymentModuleService>(Modules.PAYMENT)
  }

  private need<T>(key: (typeof PAYMENT_MODULE_DEPENDENCIES)[number]): T {
    let found: unknown
    try {
      found = this.cradle[key]
    } catch {
      // Awilix throws for a name the container does not know: the config line is missing.
    }
    if (!found) {
      throw new MedusaError(
        MedusaError.Types.UNEXPECTED_STATE,
        `omnichannel payment provider: "${key}" is not available to the payment module. In medusa-config.ts, ` +
          `give the "@medusajs/medusa/payment" module entry ${CONFIG_LINE} (and register medusa-plugin-omnichannel in plugins).`
      )
    }
    return found as T
  }
}
