import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import type { z } from "@medusajs/framework/zod"
import { renderEmail, type EmailTemplate } from "./templates"

export type SendEmailInput<S extends z.ZodType> = {
  template: EmailTemplate<S>
  to: string
  data: z.input<S>
  /** The event that asked for it. */
  trigger_type: string
  resource_id: string
  resource_type: string
  /** One per event (the sale, the link, the refund's operations): a redelivered event sends nothing twice. */
  idempotency_key: string
}

/** What became of an email: sent (now, or before under the same key) or not sent (logged). */
export type SendEmailResult = "sent" | "failed"

/**
 * Sends an email through Medusa's Notification Module. Never throws: an email is a courtesy,
 * and a provider that is down must not fail the sale, payment or refund it is about. The
 * Notification Module keeps a failed send (status `failure`) under its idempotency key, so a
 * redelivered event tries it again; one that was sent is not sent again.
 */
export async function sendEmail<S extends z.ZodType>(container: MedusaContainer, input: SendEmailInput<S>): Promise<SendEmailResult> {
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  try {
    const { data, content } = renderEmail(input.template, input.data)
    await container.resolve(Modules.NOTIFICATION).createNotifications({
      to: input.to,
      channel: "email",
      template: input.template.id,
      data: data as Record<string, unknown>,
      content,
      trigger_type: input.trigger_type,
      resource_id: input.resource_id,
      resource_type: input.resource_type,
      idempotency_key: input.idempotency_key,
    })
    return "sent"
  } catch (err) {
    // We log the key, not the address: the key finds the notification (the provider's own message may name it).
    logger.warn(
      `medusa-plugin-omnichannel: email ${input.template.id} (${input.idempotency_key}) for ${input.resource_type} ${input.resource_id} not sent: ${(err as Error)?.message ?? err}`
    )
    return "failed"
  }
}

/** The order an email is about: its number and the customer's email, when it has them. */
export async function orderContact(container: MedusaContainer, orderId: string | null | undefined) {
  if (!orderId) return null
  const { data } = await container.resolve(ContainerRegistrationKeys.QUERY).graph({
    entity: "order",
    fields: ["id", "display_id", "email"],
    filters: { id: orderId },
  })
  const order = data[0] as { display_id?: number | null; email?: string | null } | undefined
  return order ? { display_id: order.display_id ?? null, email: order.email || null } : null
}

/** The store's name, to say who writes. */
export async function storeName(container: MedusaContainer): Promise<string | null> {
  const [store] = await container.resolve(Modules.STORE).listStores({}, { select: ["name"], take: 1 })
  return store?.name || null
}
