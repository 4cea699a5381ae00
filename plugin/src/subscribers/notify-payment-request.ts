import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { OMNICHANNEL_MODULE } from "../modules/omnichannel"
import type { IOmnichannelModuleService } from "../modules/omnichannel/service"
import { orderContact, sendEmail, storeName } from "../notifications/send"
import { paymentRequestTemplate } from "../notifications/templates"

/** A new payment link that names the customer's email: the link goes to them. */
export default async function notifyPaymentRequest({ event, container }: SubscriberArgs<{ id: string }>) {
  const ledger = container.resolve<IOmnichannelModuleService>(OMNICHANNEL_MODULE)
  const link = await ledger.retrieveOmnichannelPaymentLink(event.data.id)
  // Paid or canceled before this ran: asking to pay it would only confuse.
  if (!link.customer_email || link.status !== "open") return
  const order = await orderContact(container, link.order_id)
  await sendEmail(container, {
    template: paymentRequestTemplate,
    to: link.customer_email,
    data: {
      amount: link.amount,
      currency_code: link.currency_code,
      url: ledger.viewPaymentLink(link).url,
      expires_at: link.expires_at,
      note: link.note,
      order_display_id: order?.display_id,
      store_name: await storeName(container),
    },
    trigger_type: event.name,
    resource_id: link.id,
    resource_type: "omnichannel_payment_link",
    idempotency_key: `omnichannel-payment-request:${link.id}`,
  })
}

export const config: SubscriberConfig = {
  event: "omnichannel.payment_link.created",
  context: { subscriberId: "omnichannel-notify-payment-request" },
}
