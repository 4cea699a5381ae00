import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { OMNICHANNEL_MODULE } from "../modules/omnichannel"
import type { IOmnichannelModuleService } from "../modules/omnichannel/service"
import { attachTillOrdersWorkflow, type AttachTillOrdersInput } from "../workflows/customers/attach-till-orders"
import { CARD_KEPT } from "../workflows/customers/events"

/**
 * A customer kept a card online: their earlier anonymous till orders paid with it become
 * theirs (option recognizeCustomers "by_card"; nothing runs otherwise). What this misses,
 * the job jobs/attach-till-orders.ts finishes.
 */
export default async function onCardKept({ event, container }: SubscriberArgs<AttachTillOrdersInput>) {
  if (container.resolve<IOmnichannelModuleService>(OMNICHANNEL_MODULE).recognizeCustomers !== "by_card") return
  await attachTillOrdersWorkflow(container).run({ input: { customer_id: event.data.customer_id, card_token_id: event.data.card_token_id } })
}

export const config: SubscriberConfig = {
  event: CARD_KEPT,
  context: { subscriberId: "omnichannel-attach-till-orders" },
}
