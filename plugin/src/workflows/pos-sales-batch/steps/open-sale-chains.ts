import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { OMNICHANNEL_MODULE } from "../../../modules/omnichannel"
import type { ChainDTO, IOmnichannelModuleService } from "../../../modules/omnichannel/service"

type ChainInput = {
  id: string
  order_id: string
  currency_code: string
  card_token_id: string | null
  cof_consent: boolean
  metadata: Record<string, unknown>
  payment_id: string | null
}

/**
 * One chain per sale, opened in one call under the ids derived from the sales, then each
 * linked to its order in one `link.create`: at once, so a sale sent again by itself (the
 * single-sale workflow) finds the chain through its order.
 */
export const openSaleChainsStep = createStep(
  "omnichannel-open-pos-sale-chains",
  async ({ chains }: { chains: ChainInput[] }, { container }) => {
    const ledger = container.resolve<IOmnichannelModuleService>(OMNICHANNEL_MODULE)
    const { chains: opened, created } = await ledger.openChains(
      // seed 003: with a platform that issues payment ids, the in-store card payment's id is the purchase's.
      chains.map(({ order_id: _o, ...c }) => ({ ...c, payment_id: ledger.platformPaymentIds ? c.payment_id : null, origin_channel: "in_store" as const }))
    )
    const links = chains.map((c) => ({ [Modules.ORDER]: { order_id: c.order_id }, [OMNICHANNEL_MODULE]: { omnichannel_chain_id: c.id } }))
    // Idempotent: the link module upserts.
    await container.resolve(ContainerRegistrationKeys.LINK).create(links)
    return new StepResponse(opened as ChainDTO[], { created, links: links.filter((_, i) => created.includes(chains[i].id)) })
  },
  async (undo, { container }) => {
    if (!undo) return
    if (undo.links.length) await container.resolve(ContainerRegistrationKeys.LINK).dismiss(undo.links)
    if (undo.created.length) await container.resolve<IOmnichannelModuleService>(OMNICHANNEL_MODULE).softDeleteOmnichannelChains(undo.created)
  }
)
