import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import type { CardTokenDTO } from "../modules/omnichannel/service"

/**
 * The cards a customer kept (agreed to credentials on file at a checkout): only those
 * have the platform's token to be charged again. Never a card number, only the CRM token.
 */
export async function keptCards(container: Pick<MedusaContainer, "resolve">, customerId: string): Promise<(CardTokenDTO & { acquirer_token: string })[]> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({
    entity: "customer",
    fields: ["omnichannel_card_tokens.*"],
    filters: { id: customerId },
  })
  const tokens = ((data[0] as Record<string, unknown> | undefined)?.omnichannel_card_tokens ?? []) as CardTokenDTO[]
  return tokens.filter((t): t is CardTokenDTO & { acquirer_token: string } => !!t.acquirer_token)
}

/** How a kept card is shown to its customer. */
export const savedCardView = (t: CardTokenDTO) => ({ crm_token: t.token, brand: t.brand, bin: t.bin, last4: t.last4 })
