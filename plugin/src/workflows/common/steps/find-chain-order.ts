import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"

/** The Medusa order a chain belongs to, if it has been linked to one. */
export const findChainOrderStep = createStep(
  "omnichannel-find-chain-order",
  async ({ chain_id }: { chain_id: string }, { container }) => {
    const query = container.resolve(ContainerRegistrationKeys.QUERY)
    const { data } = await query.graph({
      entity: "omnichannel_chain",
      fields: ["id", "order.id"],
      filters: { id: chain_id },
    })
    const order = (data[0] as { order?: { id: string } | null } | undefined)?.order
    return new StepResponse(order?.id ?? null)
  }
)
