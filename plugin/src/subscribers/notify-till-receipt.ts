import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { orderContact, sendEmail, storeName } from "../notifications/send"
import { tillReceiptTemplate, type ReceiptPayment } from "../notifications/templates"

type PosSaleIngested = {
  sale_id: string
  terminal_id: string
  order_id: string
  payment_id: string
  occurred_at: string
  customer_email?: string | null
  receipt?: {
    currency_code: string
    lines: { title: string; quantity: number; unit_price: number }[]
    payments: ReceiptPayment[]
  }
}

/** A till sale that names the customer's email: its e-receipt, once per sale. */
export default async function notifyTillReceipt({ event, container }: SubscriberArgs<PosSaleIngested>) {
  const sale = event.data
  if (!sale.customer_email || !sale.receipt) return
  const order = await orderContact(container, sale.order_id)
  await sendEmail(container, {
    template: tillReceiptTemplate,
    to: sale.customer_email,
    data: {
      sale_id: sale.sale_id,
      occurred_at: sale.occurred_at,
      currency_code: sale.receipt.currency_code,
      lines: sale.receipt.lines,
      payments: sale.receipt.payments,
      payment_id: sale.payment_id,
      order_display_id: order?.display_id,
      store_name: await storeName(container),
    },
    trigger_type: event.name,
    resource_id: sale.order_id,
    resource_type: "order",
    // The sale, not the request: a sale sent again (another key, a retry) has one receipt.
    idempotency_key: `omnichannel-till-receipt:${sale.terminal_id}:${sale.sale_id}`,
  })
}

export const config: SubscriberConfig = {
  event: "omnichannel.pos_sale.ingested",
  context: { subscriberId: "omnichannel-notify-till-receipt" },
}
