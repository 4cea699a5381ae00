import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"

/** The id of the Medusa order a chain is linked to, or null. */
export async function orderIdOfChain(container: MedusaContainer, chainId: string): Promise<string | null> {
  return (await orderIdsOfChains(container, [chainId])).get(chainId) ?? null
}

/** The Medusa order of each chain that has one, in one query. */
export async function orderIdsOfChains(container: MedusaContainer, chainIds: string[]): Promise<Map<string, string>> {
  const { data } = await container.resolve(ContainerRegistrationKeys.QUERY).graph({
    entity: "omnichannel_chain",
    fields: ["id", "order.id"],
    filters: { id: chainIds },
  })
  const orders = new Map<string, string>()
  for (const row of data as { id: string; order?: { id: string } | null }[]) {
    if (row.order?.id) orders.set(row.id, row.order.id)
  }
  return orders
}

/** The ids of the chains linked to a Medusa order. */
export async function chainIdsOfOrder(container: MedusaContainer, orderId: string): Promise<string[]> {
  const { data } = await container.resolve(ContainerRegistrationKeys.QUERY).graph({
    entity: "order",
    fields: ["omnichannel_chains.id"],
    filters: { id: orderId },
  })
  return ((data[0] as { omnichannel_chains?: { id: string }[] } | undefined)?.omnichannel_chains ?? []).map((c) => c.id)
}
