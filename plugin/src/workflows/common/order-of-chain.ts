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
