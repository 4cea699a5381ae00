import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import type { OmnichannelPaymentData } from "../../../providers/omnichannel/service"
import { OMNICHANNEL_MODULE } from "../../../modules/omnichannel"
import type { IOmnichannelModuleService } from "../../../modules/omnichannel/service"

export type OrderChain = {
  order_id: string
  customer_id: string | null
  medusa_payment_id: string
  chain_id: string
  operation_id: string
  cof: boolean
  card_token_id: string | null
}

/** The chains behind an order's omnichannel payments, read from the payments' data. */
export const findOrderChainsStep = createStep(
  "find-order-chains",
  async ({ order_id }: { order_id: string }, { container }) => {
    const query = container.resolve(ContainerRegistrationKeys.QUERY)
    const { data } = await query.graph({
      entity: "order",
      fields: [
        "id",
        "customer_id",
        "payment_collections.payments.id",
        "payment_collections.payments.provider_id",
        "payment_collections.payments.data",
      ],
      filters: { id: order_id },
    })
    const order = data[0]
    const chains: OrderChain[] = []
    for (const collection of order?.payment_collections ?? []) {
      for (const payment of collection?.payments ?? []) {
        if (!payment?.provider_id?.startsWith("pp_omnichannel_")) continue
        const d = payment.data as unknown as OmnichannelPaymentData
        if (!d?.chain_id) continue
        chains.push({
          order_id: order.id,
          customer_id: order.customer_id ?? null,
          medusa_payment_id: payment.id,
          chain_id: d.chain_id,
          operation_id: d.operation_id,
          cof: !!d.cof,
          card_token_id: null,
        })
      }
    }
    if (chains.length) {
      const ledger = container.resolve<IOmnichannelModuleService>(OMNICHANNEL_MODULE)
      const rows = await ledger.listOmnichannelChains({ id: chains.map((c) => c.chain_id) })
      for (const c of chains) {
        c.card_token_id = rows.find((r) => r.id === c.chain_id)?.card_token_id ?? null
      }
    }
    return new StepResponse(chains)
  }
)
