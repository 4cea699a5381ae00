import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { OMNICHANNEL_MODULE } from "../../../../modules/omnichannel"
import type { IOmnichannelModuleService } from "../../../../modules/omnichannel/service"
import { chainIdsOfOrder, orderIdsOfChains } from "../../../../workflows/common/order-of-chain"
import type { ListChainsQuery } from "../validators"
import type { ChainSearch } from "./search"

/** The chains' conditions a search adds: by payment id, by CRM token, or by the card's BIN and last 4 (indexed). */
function searchFilter(search: ChainSearch): Record<string, unknown> {
  switch (search.kind) {
    case "payment_id":
      return search.crm_token ? { $or: [{ payment_id: search.payment_id }, { card_token: { token: search.crm_token } }] } : { payment_id: search.payment_id }
    case "crm_token":
      return { card_token: { token: search.crm_token } }
    case "card":
      return { card_token: { bin: search.bin, last4: search.last4 } }
  }
}

export async function GET(req: MedusaRequest<unknown, ListChainsQuery>, res: MedusaResponse) {
  const ledger = req.scope.resolve<IOmnichannelModuleService>(OMNICHANNEL_MODULE)
  const { limit, offset, order_id, crm_token, search } = req.validatedQuery as ListChainsQuery
  const filters: Record<string, unknown>[] = []
  if (order_id) filters.push({ id: await chainIdsOfOrder(req.scope, order_id) })
  if (crm_token) filters.push({ card_token: { token: crm_token } })
  if (search) filters.push(searchFilter(search))
  const [chains, count] = await ledger.listAndCountOmnichannelChains(filters.length ? { $and: filters } : {}, {
    take: limit,
    skip: offset,
    order: { created_at: "DESC" },
    relations: ["card_token"],
  })
  // Each chain's order, so a search result opens the order's page (its chain panel).
  const orders = chains.length ? await orderIdsOfChains(req.scope, chains.map((c) => c.id)) : new Map<string, string>()
  res.json({
    chains: chains.map(({ card_token, ...chain }) => ({ ...chain, crm_token: card_token?.token ?? null, order_id: orders.get(chain.id) ?? null })),
    count,
    limit,
    offset,
  })
}
