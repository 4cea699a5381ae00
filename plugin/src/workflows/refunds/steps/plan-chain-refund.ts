import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { Modules } from "@medusajs/framework/utils"
import { toMinor } from "../../../money"
import { OMNICHANNEL_MODULE } from "../../../modules/omnichannel"
import type { IOmnichannelModuleService } from "../../../modules/omnichannel/service"
import type { ChainDTO } from "../../../modules/omnichannel/service"
import type { Channel, PaymentMethod } from "../../../modules/omnichannel/types"

export type RefundAllocation = { medusa_payment_id: string | null; amount: number }

/**
 * Checks the refund against the chain (lock, reference, what is left to refund, what
 * cards paid) and spreads it over the order's Medusa payments so Medusa's own totals
 * follow the chain: each refund over payments of its own tender only (cash over cash
 * payments, a card over card payments); store credit and a new gift card over none. What no
 * payment of its tender takes becomes order credit lines. Within that, payments of `prefer_channel` first
 * (e.g. "refund the in-store payment"), then the largest. A chain with no Medusa payment
 * is refunded on the chain alone.
 */
export const planChainRefundStep = createStep(
  "omnichannel-plan-chain-refund",
  async (
    input: {
      chain: ChainDTO
      amount: number
      reference: string
      channel: Channel
      method: PaymentMethod
      prefer_channel?: Channel
      resume_key?: string
    },
    { container }
  ) => {
    const ledger = container.resolve<IOmnichannelModuleService>(OMNICHANNEL_MODULE)
    const operations = await ledger.checkOperation(input.chain.id, {
      type: "refund",
      channel: input.channel,
      method: input.method,
      amount: input.amount,
      currency_code: input.chain.currency_code,
      reference: input.reference,
      idempotency_key: input.resume_key,
    })

    const paidBy = new Map(operations.filter((o) => o.medusa_payment_id).map((o) => [o.medusa_payment_id!, o]))
    const channelOf = new Map([...paidBy].map(([id, o]) => [id, o.channel as Channel]))
    const sameKind = (id: string) => (paidBy.get(id)?.method ?? "card") === input.method
    // A new gift card or store credit is no refund of any payment: the chain alone, and credit lines on the order.
    const inKind = input.method === "store_credit" || input.method === "gift_card"
    if (!channelOf.size || inKind) {
      return new StepResponse<RefundAllocation[]>([{ medusa_payment_id: null, amount: input.amount }])
    }
    const payments = await container
      .resolve(Modules.PAYMENT)
      .listPayments({ id: [...channelOf.keys()] }, { relations: ["captures", "refunds"] })
    const currency = input.chain.currency_code
    const refundable = payments
      .map((p) => ({
        id: p.id,
        channel: channelOf.get(p.id),
        left:
          (p.captures ?? []).reduce((s, c) => s + toMinor(c.raw_amount ?? c.amount, currency), 0) -
          (p.refunds ?? []).reduce((s, r) => s + toMinor(r.raw_amount ?? r.amount, currency), 0),
      }))
      // A payment is refunded only in its own tender: a card never looks refunded when no card refund happened.
      .filter((p) => p.left > 0 && sameKind(p.id))
      .sort(
        (a, b) =>
          Number(b.channel === input.prefer_channel) - Number(a.channel === input.prefer_channel) ||
          b.left - a.left
      )

    const plan: RefundAllocation[] = []
    let rest = input.amount
    for (const p of refundable) {
      if (rest === 0) break
      const take = Math.min(rest, p.left)
      plan.push({ medusa_payment_id: p.id, amount: take })
      rest -= take
    }
    if (rest > 0) {
      // Paid on the chain but not (yet) as Medusa payments: the remainder moves on the chain only.
      plan.push({ medusa_payment_id: null, amount: rest })
    }
    return new StepResponse(plan)
  }
)
