import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import OrderChainLink from "../../../../../links/chain-order"

/**
 * The display id of each chain's Medusa order (chains without one are absent) for a page of an
 * export: the link rows, then only those orders' two fields. (Query from the chain side loads
 * every chain of the page as an entity: most of an export's time.)
 */
export async function orderDisplayIdsOfChains(container: MedusaContainer, chainIds: string[]): Promise<Map<string, number>> {
  const ids = new Map<string, number>()
  if (!chainIds.length) return ids
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data: links } = await query.graph({ entity: OrderChainLink.entryPoint, fields: ["order_id", "omnichannel_chain_id"], filters: { omnichannel_chain_id: chainIds } })
  if (!links.length) return ids
  const { data: orders } = await query.graph({ entity: "order", fields: ["id", "display_id"], filters: { id: [...new Set((links as any[]).map((l) => l.order_id as string))] } })
  const displayIdOf = new Map((orders as { id: string; display_id: number }[]).map((o) => [o.id, o.display_id]))
  for (const link of links as { order_id: string; omnichannel_chain_id: string }[]) {
    const displayId = displayIdOf.get(link.order_id)
    if (displayId !== undefined && displayId !== null) ids.set(link.omnichannel_chain_id, displayId)
  }
  return ids
}
