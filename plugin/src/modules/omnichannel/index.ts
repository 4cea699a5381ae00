import { Module } from "@medusajs/framework/utils"
import OmnichannelModuleService from "./service"

export const OMNICHANNEL_MODULE = "omnichannel"

export default Module(OMNICHANNEL_MODULE, {
  service: OmnichannelModuleService,
})
