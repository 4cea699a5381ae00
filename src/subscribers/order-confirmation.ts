import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { ORDER_CONFIRMATION_TEMPLATE, renderOrderConfirmation, type OrderConfirmationData } from "../emails/order-confirmation"

/** A Medusa amount as a number (query answers plain numbers or BigNumber objects). */
const amount = (v: unknown): number => Number((v as { numeric?: unknown } | null)?.numeric ?? v ?? 0)

/**
 * The customer's order confirmation, sent through Medusa's Notification Module on the "email"
 * channel when an order is placed (a checkout; till sales send the plugin's e-receipt instead).
 * notification-local only logs it: a store registers its own email provider on that channel.
 * Once per order (the idempotency key); a provider that fails is logged, never fails the order,
 * and is tried again if the event comes again.
 */
export default async function sendOrderConfirmation({ event, container }: SubscriberArgs<{ id: string }>) {
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const orderId = event.data.id
  try {
    const { data } = await container.resolve(ContainerRegistrationKeys.QUERY).graph({
      entity: "order",
      fields: [
        "id",
        "display_id",
        "email",
        "currency_code",
        "item_subtotal",
        "shipping_subtotal",
        "discount_total",
        "tax_total",
        "total",
        "items.title",
        "items.variant_title",
        "items.quantity",
        "items.unit_price",
        "items.subtotal",
        "shipping_methods.name",
        "shipping_methods.subtotal",
        "shipping_address.first_name",
        "shipping_address.last_name",
        "shipping_address.address_1",
        "shipping_address.postal_code",
        "shipping_address.city",
        "shipping_address.country_code",
      ],
      filters: { id: orderId },
    })
    const order = data[0] as any
    if (!order?.email) return
    const [store] = await container.resolve(Modules.STORE).listStores({}, { select: ["name"], take: 1 })
    const a = order.shipping_address
    const shipTo = a?.address_1
      ? [[a.first_name, a.last_name].filter(Boolean).join(" "), a.address_1, [a.postal_code, a.city].filter(Boolean).join(" "), a.country_code?.toUpperCase()]
          .filter(Boolean)
          .join(", ")
      : null
    const emailData: OrderConfirmationData = {
      order_id: order.id,
      display_id: order.display_id ?? null,
      currency_code: order.currency_code,
      items: (order.items ?? []).map((i: any) => ({
        title: i.variant_title && i.variant_title !== "Default" ? `${i.title} (${i.variant_title})` : i.title,
        quantity: amount(i.quantity),
        unit_price: amount(i.unit_price),
        total: amount(i.subtotal),
      })),
      shipping: (order.shipping_methods ?? []).map((s: any) => ({ name: s.name, total: amount(s.subtotal) })),
      subtotal: amount(order.item_subtotal),
      shipping_total: amount(order.shipping_subtotal),
      tax_total: amount(order.tax_total),
      discount_total: amount(order.discount_total),
      total: amount(order.total),
      ship_to: shipTo,
      store_name: store?.name || null,
    }
    await container.resolve(Modules.NOTIFICATION).createNotifications({
      to: order.email,
      channel: "email",
      template: ORDER_CONFIRMATION_TEMPLATE,
      data: emailData,
      content: renderOrderConfirmation(emailData),
      trigger_type: event.name,
      resource_id: order.id,
      resource_type: "order",
      idempotency_key: `${ORDER_CONFIRMATION_TEMPLATE}:${order.id}`,
    })
  } catch (err) {
    // The order id finds the notification, whose key is order-confirmation:<order id> (the provider's own message may name the address).
    logger.warn(`reference store: order confirmation for order ${orderId} not sent: ${(err as Error)?.message ?? err}`)
  }
}

export const config: SubscriberConfig = {
  event: "order.placed",
  context: { subscriberId: "reference-store-order-confirmation" },
}
