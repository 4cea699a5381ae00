import { Module } from "@medusajs/framework/utils"
import registerAcquirers from "./loaders/register-acquirers"
import registerOptions from "./loaders/register-options"
import startMetrics from "./loaders/start-metrics"
import OmnichannelModuleService from "./service"

export const OMNICHANNEL_MODULE = "omnichannel"

export type { IOmnichannelModuleService } from "./service-interface"
export type { OmnichannelModuleOptions } from "./options"
export { AbstractAcquirerProvider, type AcquirerProviderClass } from "../../acquirers/provider"
export { AcquirerError, type Acquirer } from "../../acquirers/types"

export default Module(OMNICHANNEL_MODULE, {
  service: OmnichannelModuleService,
  // In this order: the options, then the acquirer providers (the services' constructors read
  // both), then metrics.
  loaders: [registerOptions, registerAcquirers, startMetrics],
})
