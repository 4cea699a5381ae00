import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"

/** The display id of each chain's Medusa order (chains without one are absent), in one Query call for a page. */
export async function orderDisplayIdsOfChains(container: MedusaContainer, chainIds: string[]): Promise<Map<string, number>> {
  const ids = new Map<string, number>()
  if (!chainIds.length) return ids
  const { data } = await container.resolve(ContainerRegistrationKeys.QUERY).graph({
    entity: "omnichannel_chain",
    fields: ["id", "order.display_id"],
    filters: { id: chainIds },
  })
  for (const row of data as { id: string; order?: { display_id?: number } | null }[]) {
    if (row.order?.display_id !== undefined && row.order?.display_id !== null) ids.set(row.id, row.order.display_id)
  }
  return ids
}
