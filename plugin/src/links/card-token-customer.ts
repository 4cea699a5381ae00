import { defineLink } from "@medusajs/framework/utils"
import CustomerModule from "@medusajs/medusa/customer"
import OmnichannelModule from "../modules/omnichannel"

// A customer keeps several cards; a shared family card may belong to several customers.
export default defineLink(
  { linkable: CustomerModule.linkable.customer, isList: true },
  { linkable: OmnichannelModule.linkable.omnichannelCardToken, isList: true }
)
