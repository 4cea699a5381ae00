import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { toMinorRounded } from "../../money"
import { OMNICHANNEL_MODULE } from "../../modules/omnichannel"
import type { IOmnichannelModuleService } from "../../modules/omnichannel/service"

type OrderMoney = {
  summary?: { pending_difference?: unknown } | null
  payment_collections?: { payments?: { amount: unknown; canceled_at?: unknown; captures?: { amount: unknown }[] | null }[] | null }[] | null
}

/**
 * What the order owes, in minor units, never below 0: Medusa's own balance (its total less
 * what was captured, net of refunds) less what is already promised to it: authorizations
 * still held (authorized, not captured, not canceled) and payments of its payment links
 * waiting for their customer (3-D Secure). The one figure that payment links, tills and
 * the admin use: an order whose card is authorized for its total owes nothing, so no link
 * may ask for it again. `except_link_id`: a link paying now does not wait on itself.
 */
export async function orderOwed(
  container: MedusaContainer,
  orderId: string,
  currency: string,
  { except_link_id }: { except_link_id?: string } = {}
): Promise<number> {
  const { data } = await container.resolve(ContainerRegistrationKeys.QUERY).graph({
    entity: "order",
    fields: [
      "summary.*",
      "payment_collections.payments.amount",
      "payment_collections.payments.canceled_at",
      "payment_collections.payments.captures.amount",
    ],
    filters: { id: orderId },
  })
  const order = data[0] as OrderMoney | undefined
  const balance = toMinorRounded((order?.summary?.pending_difference as number) ?? 0, currency)
  let held = 0
  for (const payment of (order?.payment_collections ?? []).flatMap((c) => c?.payments ?? [])) {
    if (!payment || payment.canceled_at) continue
    const captured = (payment.captures ?? []).reduce((s, c) => s + toMinorRounded(c.amount as number, currency), 0)
    held += Math.max(0, toMinorRounded(payment.amount as number, currency) - captured)
  }
  return Math.max(0, balance - held - (await linkPaymentsInFlight(container, orderId, except_link_id)))
}

/** What payments of the order's links, waiting for their customer, would pay. */
async function linkPaymentsInFlight(container: MedusaContainer, orderId: string, exceptLinkId?: string): Promise<number> {
  const ledger = container.resolve<IOmnichannelModuleService>(OMNICHANNEL_MODULE)
  const waiting = (await ledger.listPaymentLinks({ order_id: orderId })).filter(
    (l) => l.id !== exceptLinkId && l.attempt_operation_id && l.status !== "paid"
  )
  if (!waiting.length) return 0
  const pending = await ledger.listOmnichannelOperations({ id: waiting.map((l) => l.attempt_operation_id!), status: "pending" })
  return pending.reduce((sum, op) => sum + op.amount, 0)
}
