import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { toMinor } from "../../money"

/** What the order still owes (Medusa's own summary: total less what was captured), in minor units; never below 0. */
export async function outstandingOf(container: MedusaContainer, orderId: string, currency: string): Promise<number> {
  const { data } = await container.resolve(ContainerRegistrationKeys.QUERY).graph({
    entity: "order",
    fields: ["summary.*"],
    filters: { id: orderId },
  })
  const pending = (data[0] as { summary?: { pending_difference?: number } } | undefined)?.summary?.pending_difference ?? 0
  return Math.max(0, toMinor(pending, currency))
}
