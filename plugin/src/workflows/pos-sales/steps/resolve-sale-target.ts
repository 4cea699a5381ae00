import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { OmnichannelError } from "../../../errors/omnichannel-error"
import { normalizeCurrency } from "../../../money"
import { OMNICHANNEL_MODULE } from "../../../modules/omnichannel"
import type { IOmnichannelModuleService } from "../../../modules/omnichannel/service"
import { orderIdOfChain } from "../../common/order-of-chain"
import type { PosSaleInput, SaleTarget } from "../types"

const IN_STORE_CHANNEL = "In-store"

/**
 * Where the sale goes: the chain (and its order) named by `payment_id`, the order named
 * by `order_id` (and its chain), or a new order in the in-store sales channel; and the
 * stock location named for the goods not handed over, which must exist.
 */
export const resolveSaleTargetStep = createStep(
  "omnichannel-resolve-sale-target",
  async (input: Pick<PosSaleInput, "payment_id" | "order_id" | "currency_code" | "items" | "ship_from_location_id">, { container }) => {
    const ledger = container.resolve<IOmnichannelModuleService>(OMNICHANNEL_MODULE)
    if (input.ship_from_location_id) {
      const [location] = await container.resolve(Modules.STOCK_LOCATION).listStockLocations({ id: input.ship_from_location_id }, { select: ["id"] })
      if (!location) {
        throw new OmnichannelError("NOT_FOUND", `ship_from_location_id: no stock location ${input.ship_from_location_id}`, "ship_from_location_id")
      }
    }
    const query = container.resolve(ContainerRegistrationKeys.QUERY)
    const currency = normalizeCurrency(input.currency_code)
    let chainId: string | null = null
    let paymentId: string | null = null
    let orderId: string | null = input.order_id ?? null

    if (input.payment_id) {
      const chain = await ledger.retrieveChainByPaymentId(input.payment_id)
      chainId = chain.id
      paymentId = chain.payment_id
      if (chain.currency_code !== currency) {
        throw new OmnichannelError("CURRENCY_MISMATCH", `currency_code: chain ${chain.payment_id} is in ${chain.currency_code}, not ${currency}`, "currency_code")
      }
      const linked = await orderIdOfChain(container, chain.id)
      if (orderId && linked && orderId !== linked) {
        throw new OmnichannelError("OPERATION_NOT_ALLOWED", `order_id: chain ${chain.payment_id} belongs to order ${linked}`, "order_id")
      }
      orderId = linked ?? orderId
    }
    if (orderId) {
      const { data } = await query.graph({
        entity: "order",
        fields: ["id", "currency_code", "region_id", "sales_channel_id", "omnichannel_chains.id", "omnichannel_chains.payment_id"],
        filters: { id: orderId },
      })
      const order = data[0] as any
      if (!order) {
        throw new OmnichannelError("NOT_FOUND", `order_id: no order ${orderId}`, "order_id")
      }
      if (order.currency_code.toUpperCase() !== currency) {
        throw new OmnichannelError("CURRENCY_MISMATCH", `currency_code: order ${orderId} is in ${order.currency_code.toUpperCase()}, not ${currency}`, "currency_code")
      }
      if (!chainId && order.omnichannel_chains?.length) {
        chainId = order.omnichannel_chains[0].id
        paymentId = order.omnichannel_chains[0].payment_id
      }
      return new StepResponse<SaleTarget>({ chain_id: chainId, payment_id: paymentId, order_id: orderId, currency_code: currency, region_id: order.region_id, sales_channel_id: order.sales_channel_id })
    }

    if (!input.items.length) {
      throw new OmnichannelError("INVALID_DATA", "items: a new sale needs at least one item", "items")
    }
    const [region] = await container.resolve(Modules.REGION).listRegions({ currency_code: currency.toLowerCase() })
    if (!region) {
      throw new OmnichannelError("CURRENCY_MISMATCH", `currency_code: no region of the store sells in ${currency}`, "currency_code")
    }
    const [channel] = await container.resolve(Modules.SALES_CHANNEL).listSalesChannels({ name: IN_STORE_CHANNEL })
    return new StepResponse<SaleTarget>({
      chain_id: chainId,
      payment_id: paymentId,
      order_id: null,
      currency_code: currency,
      region_id: region.id,
      sales_channel_id: channel?.id ?? null,
    })
  }
)
