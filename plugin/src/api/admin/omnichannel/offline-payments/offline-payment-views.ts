import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import type { OfflinePaymentRow } from "../../../../modules/omnichannel/services/offline-payments"
import { orderIdsOfChains } from "../../../../workflows/common/order-of-chain"

type OrderContact = { id: string; email: string | null; customer_id: string | null }

/**
 * The offline payments as the admin's list shows them: the ledger's rows with the Medusa
 * order of each chain, the customer behind it (the order's, else the email the decline's
 * link went to) and how often the link's email went out.
 */
export async function offlinePaymentViews(container: MedusaContainer, rows: OfflinePaymentRow[]) {
  const orderOfChain = rows.length ? await orderIdsOfChains(container, [...new Set(rows.map((r) => r.chain_id))]) : new Map<string, string>()
  const orders = await ordersById(container, [...new Set(orderOfChain.values())])
  const sent = await emailsSent(container, rows.flatMap((r) => (r.payment_link ? [r.payment_link.id] : [])))
  return rows.map(({ chain_id, email, payment_link, ...row }) => {
    const orderId = orderOfChain.get(chain_id) ?? null
    const order = orderId ? orders.get(orderId) : undefined
    const customerEmail = order?.email ?? email ?? payment_link?.customer_email ?? null
    return {
      ...row,
      order_id: orderId,
      customer: order?.customer_id || customerEmail ? { id: order?.customer_id ?? undefined, email: customerEmail ?? undefined } : null,
      payment_link: payment_link ? { ...payment_link, ...(sent.get(payment_link.id) ?? { emails_sent: 0, last_sent_at: null }) } : null,
    }
  })
}

async function ordersById(container: MedusaContainer, ids: string[]): Promise<Map<string, OrderContact>> {
  if (!ids.length) return new Map()
  const { data } = await container.resolve(ContainerRegistrationKeys.QUERY).graph({
    entity: "order",
    fields: ["id", "email", "customer_id"],
    filters: { id: ids },
  })
  return new Map((data as OrderContact[]).map((o) => [o.id, { id: o.id, email: o.email || null, customer_id: o.customer_id || null }]))
}

/** Emails of each link that the Notification Module sent (the first one and every re-send). */
async function emailsSent(container: MedusaContainer, linkIds: string[]) {
  const counts = new Map<string, { emails_sent: number; last_sent_at: string | null }>()
  if (!linkIds.length) return counts
  const notifications = await container.resolve(Modules.NOTIFICATION).listNotifications(
    { resource_type: "omnichannel_payment_link", resource_id: linkIds, channel: "email", status: "success" } as never,
    { select: ["id", "resource_id", "created_at"], take: null as never }
  )
  for (const n of notifications as { resource_id: string; created_at: Date | string }[]) {
    const seen = counts.get(n.resource_id) ?? { emails_sent: 0, last_sent_at: null }
    const at = new Date(n.created_at).toISOString()
    counts.set(n.resource_id, { emails_sent: seen.emails_sent + 1, last_sent_at: !seen.last_sent_at || at > seen.last_sent_at ? at : seen.last_sent_at })
  }
  return counts
}
