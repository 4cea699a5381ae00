import type { MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { OMNICHANNEL_MODULE } from "../../../../modules/omnichannel"
import type { IOmnichannelModuleService } from "../../../../modules/omnichannel/service"
import { loadChainView } from "../../../utils/chain-view"
import { handle, parseInput } from "../../../utils/respond"
import type { PosRequest } from "../../../utils/verify-pos-signature"
import { ClickCollectVerifyBody } from "../../validators"

/** Collect: the card presented at the till must be the card that paid online. */
export const POST = handle(async (req: PosRequest, res: MedusaResponse) => {
  const body = parseInput(ClickCollectVerifyBody, req.body)
  const ledger = req.scope.resolve<IOmnichannelModuleService>(OMNICHANNEL_MODULE)
  const chain = await ledger.verifyCollectCard(body.payment_id, body.offline_token, req.terminal.id)
  const view = await loadChainView(req.scope, chain.payment_id)
  let items: { sku: string | null; title: string; quantity: number }[] = []
  if (view.order_id) {
    const { data } = await req.scope.resolve(ContainerRegistrationKeys.QUERY).graph({
      entity: "order",
      // An order line's quantity lives on its order item ("detail").
      fields: ["items.variant_sku", "items.title", "items.detail.quantity"],
      filters: { id: view.order_id },
    })
    type Line = { variant_sku: string | null; title: string; detail?: { quantity: number } }
    items = ((data[0] as { items?: Line[] })?.items ?? []).map((i) => ({
      sku: i.variant_sku,
      title: i.title,
      quantity: Number(i.detail?.quantity),
    }))
  }
  res.json({ match: true, order_id: view.order_id, payment_id: chain.payment_id, items })
})
