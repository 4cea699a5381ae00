import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { OMNICHANNEL_MODULE } from "../modules/omnichannel"
import type { IOmnichannelModuleService } from "../modules/omnichannel/service"
import { orderContact, sendEmail, storeName } from "../notifications/send"
import { paymentReceivedTemplate } from "../notifications/templates"

/** A payment link was paid: the confirmation goes to the link's email, else to the order's. */
export default async function notifyPaymentReceived({ event, container }: SubscriberArgs<{ id: string; operation_id?: string }>) {
  const ledger = container.resolve<IOmnichannelModuleService>(OMNICHANNEL_MODULE)
  const link = await ledger.retrieveOmnichannelPaymentLink(event.data.id)
  if (link.status !== "paid") return
  const order = await orderContact(container, link.order_id)
  const to = link.customer_email || order?.email
  if (!to) return
  await sendEmail(container, {
    template: paymentReceivedTemplate,
    to,
    data: {
      amount: link.amount,
      currency_code: link.currency_code,
      paid_at: link.paid_at ?? new Date(),
      payment_id: link.payment_id,
      order_display_id: order?.display_id,
      store_name: await storeName(container),
    },
    trigger_type: event.name,
    resource_id: link.id,
    resource_type: "omnichannel_payment_link",
    // A link is paid once.
    idempotency_key: `omnichannel-payment-received:${link.id}`,
  })
}

export const config: SubscriberConfig = {
  event: "omnichannel.payment_link.paid",
  context: { subscriberId: "omnichannel-notify-payment-received" },
}
