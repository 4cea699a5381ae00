import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"

export type CardCustomer = { id: string; email: string | null }
export type CardTokenCustomers = { id: string; fingerprint: string; customers: CardCustomer[] }

/** A customer recognised by card, as a till sale's order gets them. */
export type RecognizedCustomer = { customer_id: string; email: string | null }

/**
 * The customers who kept each card (link card-token-customer), for the card tokens the
 * filter names: one Query call whatever their number.
 */
export async function customersOfCardTokens(
  container: Pick<MedusaContainer, "resolve">,
  filters: { id: string[] } | { fingerprint: string[] }
): Promise<CardTokenCustomers[]> {
  const { data } = await container.resolve(ContainerRegistrationKeys.QUERY).graph({
    entity: "omnichannel_card_token",
    fields: ["id", "fingerprint", "customers.id", "customers.email"],
    filters,
  })
  return (data as { id: string; fingerprint: string; customers?: (CardCustomer | null)[] | null }[]).map((t) => ({
    id: t.id,
    fingerprint: t.fingerprint,
    customers: (t.customers ?? []).filter((c): c is CardCustomer => !!c),
  }))
}

/**
 * The one customer a card stands for. A card kept by several customers (a shared family
 * card) recognises nobody: the till cannot tell which of them is paying, and putting the
 * purchase on the wrong person's account would show it to them.
 */
export function recognizedBy(token: CardTokenCustomers | undefined): RecognizedCustomer | null {
  if (!token || token.customers.length !== 1) return null
  const [customer] = token.customers
  return { customer_id: customer.id, email: customer.email ?? null }
}
