import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { OmnichannelError } from "../../../errors/omnichannel-error"
import { formatMinor, normalizeCurrency } from "../../../money"
import { OMNICHANNEL_MODULE } from "../../../modules/omnichannel"
import type { IOmnichannelModuleService } from "../../../modules/omnichannel/service"
import type { ChainDTO } from "../../../modules/omnichannel/service"
import { orderOwed } from "../../common/order-outstanding"
import { orderIdOfChain } from "../../common/order-of-chain"

export type PaymentLinkTargetInput = {
  payment_id?: string
  order_id?: string
  amount?: number
  currency_code?: string
}

export type PaymentLinkTarget = {
  /** Null when the order has no chain yet: the link's payment opens one. */
  chain: ChainDTO | null
  order_id: string | null
  currency_code: string
  amount: number
  order_email: string | null
}

/**
 * What a new link asks for and on which chain: by payment id, or by order (its first chain).
 * Without an amount, what the order still owes. Refused when the order owes nothing or
 * less than asked (a link never asks the customer to pay more than the order).
 */
export const resolvePaymentLinkTargetStep = createStep(
  "omnichannel-resolve-payment-link-target",
  async (input: PaymentLinkTargetInput, { container }) => {
    const ledger = container.resolve<IOmnichannelModuleService>(OMNICHANNEL_MODULE)
    let chain: ChainDTO | null = null
    let orderId: string | null
    if (input.payment_id) {
      chain = await ledger.retrieveChainByPaymentId(input.payment_id)
      orderId = await orderIdOfChain(container, chain.id)
    } else {
      orderId = input.order_id ?? null
    }
    const order = orderId ? await loadOrder(container, orderId) : null
    if (!chain && order) {
      chain = order.chains.sort((a, b) => +new Date(a.created_at) - +new Date(b.created_at))[0] ?? null
    }
    const currency = chain?.currency_code ?? normalizeCurrency(order!.currency_code)
    if (input.currency_code !== undefined && normalizeCurrency(input.currency_code) !== currency) {
      throw new OmnichannelError("CURRENCY_MISMATCH", `currency_code: the payment is in ${currency}, not ${input.currency_code.toUpperCase()}`, "currency_code")
    }
    let amount = input.amount
    if (order?.status === "canceled" || order?.status === "draft") {
      throw new OmnichannelError("OPERATION_NOT_ALLOWED", `order_id: order #${order.display_id} is ${order.status}; nothing can be asked on it`, "order_id")
    }
    if (order) {
      const owed = await orderOwed(container, order.id, currency)
      if (owed === 0) {
        throw new OmnichannelError("NOTHING_OUTSTANDING", `order_id: order #${order.display_id} has nothing left to pay`, "order_id")
      }
      amount ??= owed
      if (amount > owed) {
        throw new OmnichannelError(
          "AMOUNT_EXCEEDS_OUTSTANDING",
          `amount: ${formatMinor(amount, currency)} is more than the ${formatMinor(owed, currency)} order #${order.display_id} still owes`,
          "amount"
        )
      }
    }
    if (amount === undefined) {
      throw new OmnichannelError("INVALID_DATA", "amount: required for a payment not linked to an order", "amount")
    }
    return new StepResponse<PaymentLinkTarget>({ chain, order_id: order?.id ?? null, currency_code: currency, amount, order_email: order?.email ?? null })
  }
)

type LinkOrder = {
  id: string
  display_id: number
  email: string | null
  status: string
  currency_code: string
  chains: (ChainDTO & { created_at: Date | string })[]
}

async function loadOrder(container: Parameters<typeof orderOwed>[0], orderId: string): Promise<LinkOrder> {
  const { data } = await container.resolve(ContainerRegistrationKeys.QUERY).graph({
    entity: "order",
    fields: ["id", "display_id", "email", "status", "currency_code", "omnichannel_chains.*"],
    filters: { id: orderId },
  })
  const order = data[0] as unknown as (Omit<LinkOrder, "chains"> & { omnichannel_chains?: LinkOrder["chains"] }) | undefined
  if (!order) {
    throw new OmnichannelError("NOT_FOUND", `order_id: order ${orderId} not found`, "order_id")
  }
  return { ...order, chains: order.omnichannel_chains ?? [] }
}
