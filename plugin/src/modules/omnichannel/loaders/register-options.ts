import type { LoaderOptions } from "@medusajs/framework/types"
import { asValue } from "@medusajs/framework/awilix"
import { OPTIONS_KEY, type OmnichannelModuleOptions } from "../options"

/** The internal services read the module's options from its container. */
export default async function registerOptions({ container, options }: LoaderOptions<OmnichannelModuleOptions>) {
  container.register(OPTIONS_KEY, asValue(options ?? {}))
}
