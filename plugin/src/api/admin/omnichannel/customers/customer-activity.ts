import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { z } from "@medusajs/framework/zod"
import { OmnichannelError } from "../../../../errors/omnichannel-error"
import OrderChainLink from "../../../../links/chain-order"
import { OMNICHANNEL_MODULE } from "../../../../modules/omnichannel"
import type { IOmnichannelModuleService } from "../../../../modules/omnichannel/service"

export const CustomerActivityQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(100).default(20),
    offset: z.coerce.number().int().min(0).default(0),
  })
  .strict()
export type CustomerActivityQuery = z.infer<typeof CustomerActivityQuery>

/** The page asked for; a refusal names the field (an unknown one included), e.g. "limit: Number must be ...". */
export function parseActivityQuery(query: unknown): CustomerActivityQuery {
  const result = CustomerActivityQuery.safeParse(query ?? {})
  if (result.success) return result.data
  const issue = result.error.issues[0]
  const field = issue.path.join(".") || (issue.code === "unrecognized_keys" ? issue.keys.join(", ") : "query")
  throw new OmnichannelError("INVALID_DATA", `${field}: ${issue.message}`, field)
}

type CustomerRow = { id: string; omnichannel_card_tokens?: ({ id: string } | null)[] | null }
type OrderRow = { id: string; display_id: number | null; created_at: Date | string }
type LinkRow = { order_id: string; omnichannel_chain_id: string }

/**
 * A customer's activity across channels (DESIGN 7.3). Medusa's order is the book: the
 * customer's chains are those of the orders Medusa gives the customer, however they were
 * sold (online, at a till, by a link). The cards are those linked to the customer.
 */
export async function customerActivityOf(scope: MedusaContainer, customerId: string, page: CustomerActivityQuery) {
  const query = scope.resolve(ContainerRegistrationKeys.QUERY)
  const { data: customers } = await query.graph({
    entity: "customer",
    fields: ["id", "omnichannel_card_tokens.id"],
    filters: { id: customerId },
  })
  const customer = customers[0] as CustomerRow | undefined
  if (!customer) {
    throw new OmnichannelError("CUSTOMER_NOT_FOUND", `customer_id: no customer ${customerId}`, "customer_id")
  }
  // The customer's orders, then their chains through the link: two plain reads (a nested
  // field would make Query load each chain from the module as well).
  const { data: orders } = await query.graph({ entity: "order", fields: ["id", "display_id", "created_at"], filters: { customer_id: customerId } })
  const { data: links } = orders.length
    ? await query.graph({ entity: OrderChainLink.entryPoint, fields: ["order_id", "omnichannel_chain_id"], filters: { order_id: orders.map((o) => o.id) } })
    : { data: [] }
  const orderById = new Map((orders as OrderRow[]).map((o) => [o.id, o]))
  const displayIdOf = (orderId: string) => orderById.get(orderId)?.display_id ?? null
  const chains = (links as LinkRow[]).map((l) => ({ chain_id: l.omnichannel_chain_id, order_id: l.order_id, ordered_at: orderById.get(l.order_id)!.created_at }))

  const ledger = scope.resolve<IOmnichannelModuleService>(OMNICHANNEL_MODULE)
  const activity = await ledger.customerActivity({
    chains,
    card_token_ids: (customer.omnichannel_card_tokens ?? []).flatMap((t) => (t ? [t.id] : [])),
    limit: page.limit,
    offset: page.offset,
  })
  return {
    customer_id: customerId,
    ...activity,
    chains: activity.chains.map((c) => ({ ...c, order_display_id: displayIdOf(c.order_id) })),
    refunds: activity.refunds.map((r) => ({ ...r, order_display_id: displayIdOf(r.order_id) })),
    limit: page.limit,
    offset: page.offset,
  }
}
