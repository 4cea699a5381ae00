import type { LoaderOptions } from "@medusajs/framework/types"
import { asValue } from "@medusajs/framework/awilix"
import { OPTIONS_KEY, validateOptions, type OmnichannelModuleOptions } from "../options"

/** Refuses options the store must not start with; the internal services read them from the module's container. */
export default async function registerOptions({ container, options }: LoaderOptions<OmnichannelModuleOptions>) {
  validateOptions(options ?? {})
  container.register(OPTIONS_KEY, asValue(options ?? {}))
}
