import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { OMNICHANNEL_MODULE } from "../../../modules/omnichannel"
import type { IOmnichannelModuleService } from "../../../modules/omnichannel/service"

export type AttachCustomer = { id: string; email: string | null; has_account: boolean }
export type AnonymousTillOrders = { customer: AttachCustomer | null; order_ids: string[] }

export type TokenRow = {
  id: string
  customers?: ({ id: string; email: string | null; has_account: boolean } | null)[] | null
  chains?: ({ origin_channel: string; order?: { id: string; customer_id: string | null; status: string; metadata: Record<string, unknown> | null } | null } | null)[] | null
}

/**
 * The till orders paid with a card that no customer has yet, for the customer who kept the
 * card online: in one Query call (the card token, who kept it, its chains and their orders).
 * None when option recognizeCustomers is not "by_card", when the card is no longer theirs,
 * or when several customers kept it (a shared family card recognises nobody, as at the till).
 */
export const findAnonymousTillOrdersStep = createStep(
  "omnichannel-find-anonymous-till-orders",
  async ({ customer_id, card_token_id }: { customer_id: string; card_token_id: string }, { container }) => {
    const none: AnonymousTillOrders = { customer: null, order_ids: [] }
    if (container.resolve<IOmnichannelModuleService>(OMNICHANNEL_MODULE).recognizeCustomers !== "by_card") return new StepResponse(none)
    const { data } = await container.resolve(ContainerRegistrationKeys.QUERY).graph({
      entity: "omnichannel_card_token",
      fields: CARD_TILL_ORDER_FIELDS,
      filters: { id: card_token_id },
    })
    const token = data[0] as TokenRow | undefined
    const customer = token ? soleCustomer(token) : null
    if (!token || customer?.id !== customer_id) return new StepResponse(none)
    return new StepResponse<AnonymousTillOrders>({ customer, order_ids: anonymousTillOrderIds(token) })
  }
)

/** What a card token row needs for the decision (Query fields of the token, who kept it, its chains' orders). */
export const CARD_TILL_ORDER_FIELDS = [
  "id",
  "customers.id",
  "customers.email",
  "customers.has_account",
  "chains.origin_channel",
  "chains.order.id",
  "chains.order.customer_id",
  "chains.order.status",
  "chains.order.metadata",
]

/** The one customer who kept the card, or null (nobody, or several: a shared family card). */
export function soleCustomer(token: TokenRow): AttachCustomer | null {
  const customers = (token.customers ?? []).filter((c) => !!c)
  if (customers.length !== 1) return null
  const [c] = customers
  return { id: c.id, email: c.email ?? null, has_account: !!c.has_account }
}

/** A till's own orders paid with the card (not online orders a till sale was merged into), anonymous, not canceled. */
export function anonymousTillOrderIds(token: TokenRow): string[] {
  const ids = new Set<string>()
  for (const chain of token.chains ?? []) {
    const order = chain?.order
    if (chain?.origin_channel !== "in_store" || !order || order.customer_id || order.status === "canceled" || !order.metadata?.pos_sale_id) continue
    ids.add(order.id)
  }
  return [...ids]
}
