import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"

/** The id of the Medusa order a chain is linked to, or null. */
export async function orderIdOfChain(container: MedusaContainer, chainId: string): Promise<string | null> {
  const { data } = await container.resolve(ContainerRegistrationKeys.QUERY).graph({
    entity: "omnichannel_chain",
    fields: ["order.id"],
    filters: { id: chainId },
  })
  return (data[0] as { order?: { id: string } | null } | undefined)?.order?.id ?? null
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
