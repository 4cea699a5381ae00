import type { MedusaContainer, RemoteQueryFunction } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import type { CardTokenDTO } from "../modules/omnichannel/service"

/**
 * The cards a customer kept (agreed to credentials on file at a checkout): only those
 * have the platform's token to be charged again. Never a card number, only the CRM token.
 */
export async function keptCards(container: Pick<MedusaContainer, "resolve">, customerId: string): Promise<(CardTokenDTO & { acquirer_token: string })[]> {
  return await keptCardsOf(container.resolve(ContainerRegistrationKeys.QUERY), customerId)
}

/** The same, through a Query the caller holds (the payment provider has no application container). */
export async function keptCardsOf(query: Pick<RemoteQueryFunction, "graph">, customerId: string): Promise<(CardTokenDTO & { acquirer_token: string })[]> {
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
