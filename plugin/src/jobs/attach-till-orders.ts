import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { runJobPass } from "../errors/lost-database-connection"
import { OMNICHANNEL_MODULE } from "../modules/omnichannel"
import type { IOmnichannelModuleService } from "../modules/omnichannel/service"
import { attachTillOrdersWorkflow } from "../workflows/customers/attach-till-orders"
import { anonymousTillOrderIds, CARD_TILL_ORDER_FIELDS, soleCustomer, type TokenRow } from "../workflows/customers/steps/find-anonymous-till-orders"
import type { TransferOutcome } from "../workflows/customers/steps/transfer-till-orders"

const PAGE = 500
/**
 * Query's entry point of link card-token-customer (links/card-token-customer.ts: Medusa names
 * it after the two linkables). Not imported from there: Medusa loads a link's file itself,
 * and a second import defines the link twice.
 */
const KEPT_CARDS_LINK = "customer_omnichannel_card_token"

/**
 * Option recognizeCustomers "by_card": finds the kept cards (link card-token-customer) whose
 * anonymous till orders are not attached to their customer yet (the card kept while the
 * option was off, an event lost, a pass cut short, an order busy with another change) and
 * attaches them, one workflow run per card. Two Query calls per page of kept cards; a card
 * with nothing left to attach costs no workflow run, so passes after the first are cheap.
 */
export async function attachTillOrders(container: MedusaContainer, opts: { pageSize?: number } = {}) {
  const results: (TransferOutcome & { customer_id: string; card_token_id: string })[] = []
  if (container.resolve<IOmnichannelModuleService>(OMNICHANNEL_MODULE).recognizeCustomers !== "by_card") return results
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const take = opts.pageSize ?? PAGE
  for (let skip = 0; ; skip += take) {
    const { data: links } = await query.graph({
      entity: KEPT_CARDS_LINK,
      fields: ["omnichannel_card_token_id"],
      pagination: { skip, take, order: { omnichannel_card_token_id: "ASC" } },
    })
    const tokenIds = [...new Set((links as { omnichannel_card_token_id: string }[]).map((l) => l.omnichannel_card_token_id))]
    if (tokenIds.length) {
      const { data: tokens } = await query.graph({ entity: "omnichannel_card_token", fields: CARD_TILL_ORDER_FIELDS, filters: { id: tokenIds } })
      for (const token of tokens as TokenRow[]) {
        const customer = soleCustomer(token)
        if (!customer || !anonymousTillOrderIds(token).length) continue
        const { result, errors } = await attachTillOrdersWorkflow(container).run({
          input: { customer_id: customer.id, card_token_id: token.id },
          throwOnError: false,
        })
        if (errors.length) results.push({ customer_id: customer.id, card_token_id: token.id, order_id: "", attached: false, reason: errors[0].error?.message })
        for (const outcome of result ?? []) results.push({ customer_id: customer.id, card_token_id: token.id, ...outcome })
      }
    }
    if (links.length < take) break
  }
  return results
}

export default async function attachTillOrdersJob(container: MedusaContainer) {
  await runJobPass(container, config.name, async () => {
    await attachTillOrders(container)
  })
}

export const config = {
  name: "omnichannel-attach-till-orders",
  schedule: "*/15 * * * *",
}
