import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { orderContact, sendEmail, storeName } from "../notifications/send"
import { refundConfirmationTemplate } from "../notifications/templates"
import { REFUND_SUCCEEDED, type RefundSucceededData } from "../workflows/refunds/refund-chain"

/** A refund, at a till or by the admin: the confirmation goes to the order's email, if it has one. */
export default async function notifyRefund({ event, container }: SubscriberArgs<RefundSucceededData>) {
  const refund = event.data
  const order = await orderContact(container, refund.order_id)
  if (!order?.email || !refund.operation_ids?.length) return
  await sendEmail(container, {
    template: refundConfirmationTemplate,
    to: order.email,
    data: {
      amount: refund.amount,
      currency_code: refund.currency_code,
      method: refund.method,
      channel: refund.channel,
      payment_id: refund.payment_id,
      order_display_id: order.display_id,
      store_name: await storeName(container),
    },
    trigger_type: event.name,
    resource_id: refund.order_id!,
    resource_type: "order",
    // The refund's operations: a resumed refund emits them again, and is confirmed once.
    idempotency_key: `omnichannel-refund-confirmation:${[...refund.operation_ids].sort().join(",")}`,
  })
}

export const config: SubscriberConfig = {
  event: REFUND_SUCCEEDED,
  context: { subscriberId: "omnichannel-notify-refund" },
}
