import { defineLink } from "@medusajs/framework/utils"
import OrderModule from "@medusajs/medusa/order"
import OmnichannelModule from "../modules/omnichannel"

// An order normally has one chain; a second card on the same order opens a second one.
export default defineLink(OrderModule.linkable.order, {
  linkable: OmnichannelModule.linkable.omnichannelChain,
  isList: true,
})
