import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { OMNICHANNEL_MODULE } from "../../../../modules/omnichannel"
import type { IOmnichannelModuleService } from "../../../../modules/omnichannel/service"
import { chainIdsOfOrder } from "../../../../workflows/common/order-of-chain"
import type { ListChainsQuery } from "../validators"

export async function GET(req: MedusaRequest<unknown, ListChainsQuery>, res: MedusaResponse) {
  const ledger = req.scope.resolve<IOmnichannelModuleService>(OMNICHANNEL_MODULE)
  const { limit, offset, order_id, crm_token } = req.validatedQuery as ListChainsQuery
  const filters: Record<string, unknown> = {}
  if (order_id) {
    filters.id = await chainIdsOfOrder(req.scope, order_id)
  }
  if (crm_token) {
    const tokens = await ledger.listOmnichannelCardTokens({ token: crm_token })
    filters.card_token_id = tokens.map((t) => t.id)
  }
  const [chains, count] = await ledger.listAndCountOmnichannelChains(filters, {
    take: limit,
    skip: offset,
    order: { created_at: "DESC" },
    relations: ["card_token"],
  })
  res.json({
    chains: chains.map(({ card_token, ...chain }) => ({ ...chain, crm_token: card_token?.token ?? null })),
    count,
    limit,
    offset,
  })
}
