import { ModuleProvider, Modules } from "@medusajs/framework/utils"
import OmnichannelPaymentProvider from "./service"

export default ModuleProvider(Modules.PAYMENT, {
  services: [OmnichannelPaymentProvider],
})
