import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { z } from "@medusajs/framework/zod"
import { OmnichannelError } from "../../../../errors/omnichannel-error"
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
type OrderRow = { id: string; display_id: number | null; omnichannel_chains?: ({ id: string } | null)[] | null }

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
  const { data: orders } = await query.graph({
    entity: "order",
    fields: ["id", "display_id", "omnichannel_chains.id"],
    filters: { customer_id: customerId },
  })
  const displayIdOf = new Map<string, number | null>()
  const chains: { chain_id: string; order_id: string }[] = []
  for (const order of orders as OrderRow[]) {
    displayIdOf.set(order.id, order.display_id ?? null)
    for (const chain of order.omnichannel_chains ?? []) if (chain) chains.push({ chain_id: chain.id, order_id: order.id })
  }

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
    chains: activity.chains.map((c) => ({ ...c, order_display_id: displayIdOf.get(c.order_id) ?? null })),
    refunds: activity.refunds.map((r) => ({ ...r, order_display_id: displayIdOf.get(r.order_id) ?? null })),
    limit: page.limit,
    offset: page.offset,
  }
}
