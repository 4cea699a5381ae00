import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { OMNICHANNEL_MODULE } from "../../../modules/omnichannel"
import type { IOmnichannelModuleService } from "../../../modules/omnichannel/service"
import type { ChainDTO } from "../../../modules/omnichannel/service"

const orderChainLink = (orderId: string, chainId: string) => ({
  [Modules.ORDER]: { order_id: orderId },
  [OMNICHANNEL_MODULE]: { omnichannel_chain_id: chainId },
})

type OpenedChain = { chain_id: string; order_id: string | null }

/**
 * An order nothing has been paid on through the plugin (made in the admin, paid by another
 * provider) gets its chain when a link is requested for it: the link's payment starts it.
 */
export const openOrderChainStep = createStep(
  "omnichannel-open-order-chain",
  async (input: { chain: ChainDTO | null; order_id: string | null; currency_code: string }, { container }) => {
    if (input.chain) return new StepResponse<ChainDTO, OpenedChain | null>(input.chain, null)
    const ledger = container.resolve<IOmnichannelModuleService>(OMNICHANNEL_MODULE)
    const chain = await ledger.openChain({ currency_code: input.currency_code, origin_channel: "pay_by_link" })
    if (input.order_id) {
      await container.resolve(ContainerRegistrationKeys.LINK).create(orderChainLink(input.order_id, chain.id))
    }
    return new StepResponse<ChainDTO, OpenedChain | null>(chain, { chain_id: chain.id, order_id: input.order_id })
  },
  async (opened: OpenedChain | null | undefined, { container }) => {
    if (!opened) return
    if (opened.order_id) {
      await container.resolve(ContainerRegistrationKeys.LINK).dismiss(orderChainLink(opened.order_id, opened.chain_id))
    }
    await container.resolve<IOmnichannelModuleService>(OMNICHANNEL_MODULE).deleteOmnichannelChains([opened.chain_id])
  }
)
