import { Module } from "@medusajs/framework/utils"
import registerOptions from "./loaders/register-options"
import OmnichannelModuleService from "./service"

export const OMNICHANNEL_MODULE = "omnichannel"

export default Module(OMNICHANNEL_MODULE, {
  service: OmnichannelModuleService,
  loaders: [registerOptions],
})
