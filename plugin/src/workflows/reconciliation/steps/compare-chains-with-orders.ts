import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { OmnichannelError } from "../../../errors/omnichannel-error"
import { toMinor } from "../../../money"
import { orderIdsOfChains } from "../../common/order-of-chain"
import { isInKindRefundLine } from "../../refunds/refund-credit-lines"
import { OMNICHANNEL_MODULE } from "../../../modules/omnichannel"
import type { IOmnichannelModuleService } from "../../../modules/omnichannel/service"
import type { NewDifference, ReconcilableChain } from "../../../modules/omnichannel/services/reconciliations"
import type { ChainTotals } from "../../../modules/omnichannel/types"
import { chainWithoutOrder, hasPendingOperation, orderMismatch, PAGE_SIZE, stuckOperations } from "../compare"

export type CompareInput = { reconciliation_id: string; since: Date | string }

type OrderSummary = { id: string; chain_ids: string[]; summary: Record<string, unknown> | null; refunded_in_kind: number | null }

/**
 * Every chain with activity since the run's start date against Medusa's records: stuck
 * operations, money taken without an order, and what the order's summary says was paid and
 * refunded (all the order's chains summed: a second card on one order opens a second chain;
 * refunds that were no refund of a payment, such as store credit or a new gift card, are the
 * order's negative credit lines of the plugin, counted beside Medusa's refunded total).
 * Records what it finds page by page; the compensation removes it.
 */
export const compareChainsWithOrdersStep = createStep(
  "omnichannel-compare-chains-with-orders",
  async (input: CompareInput, { container }) => {
    const ledger = container.resolve<IOmnichannelModuleService>(OMNICHANNEL_MODULE)
    const since = new Date(input.since)
    const now = Date.now()
    const recorded: string[] = []
    const comparedOrders = new Set<string>()
    let chainsChecked = 0
    for (let after: string | null = null; ; ) {
      const chains = await ledger.listReconcilableChains(since, { after, limit: PAGE_SIZE })
      if (!chains.length) break
      after = chains[chains.length - 1].id
      chainsChecked += chains.length

      const orderOfChain = await orderIdsOfChains(container, chains.map((c) => c.id))
      const orders = await orderSummaries(container, [...new Set(orderOfChain.values())])
      const page = new Map(chains.map((c) => [c.id, c]))
      const elsewhere = [...orders.values()].flatMap((o) => o.chain_ids).filter((id) => !page.has(id))
      const otherTotals = await ledger.chainTotalsOf([...new Set(elsewhere)])
      const totalsOf = (id: string): ChainTotals | undefined => page.get(id)?.totals ?? otherTotals.get(id)

      const found: NewDifference[] = []
      for (const chain of chains) {
        found.push(...stuckOperations(chain, now))
        if (hasPendingOperation(chain)) continue
        const orderId = orderOfChain.get(chain.id)
        if (!orderId) {
          const lost = chainWithoutOrder(chain, now)
          if (lost) found.push(lost)
          continue
        }
        const order = orders.get(orderId)
        if (!order || comparedOrders.has(orderId)) continue
        comparedOrders.add(orderId)
        if (order.chain_ids.some((id) => id !== chain.id && page.has(id) && hasPendingOperation(page.get(id)!))) continue
        found.push(...againstOrder(chain, order, totalsOf))
      }
      recorded.push(...(await ledger.recordReconciliationDifferences(input.reconciliation_id, found)).map((d) => d.id))
    }
    return new StepResponse({ chains_checked: chainsChecked }, recorded)
  },
  async (recorded: string[] | undefined, { container }) => {
    if (!recorded?.length) return
    await container.resolve<IOmnichannelModuleService>(OMNICHANNEL_MODULE).deleteReconciliationDifferences(recorded)
  }
)

function againstOrder(chain: ReconcilableChain, order: OrderSummary, totalsOf: (id: string) => ChainTotals | undefined): NewDifference[] {
  const chainIds = order.chain_ids.length ? order.chain_ids : [chain.id]
  const ledger = { paid: 0, refunded: 0 }
  for (const id of chainIds) {
    const totals = totalsOf(id)
    ledger.paid += totals?.paid ?? 0
    ledger.refunded += totals?.refunded ?? 0
  }
  const summary = order.summary ?? {}
  const medusa = (field: "paid_total" | "refunded_total") => medusaMinor(summary[`raw_${field}`] ?? summary[field] ?? 0, chain.currency_code)
  return [
    orderMismatch("order_paid_mismatch", chain, order.id, chainIds.length, ledger.paid, medusa("paid_total")),
    orderMismatch("order_refunded_mismatch", chain, order.id, chainIds.length, ledger.refunded, plus(medusa("refunded_total"), order.refunded_in_kind)),
  ].filter((d): d is NewDifference => d !== null)
}

const plus = (a: number | null, b: number | null) => (a === null || b === null ? null : a + b)

/** Medusa's decimal in the chain's minor units; null when it is finer than the currency allows. */
function medusaMinor(value: unknown, currency: string): number | null {
  try {
    return toMinor(value as number, currency)
  } catch (err) {
    if (err instanceof OmnichannelError) return null
    throw err
  }
}

async function orderSummaries(container: MedusaContainer, orderIds: string[]): Promise<Map<string, OrderSummary>> {
  if (!orderIds.length) return new Map()
  const { data } = await container.resolve(ContainerRegistrationKeys.QUERY).graph({
    entity: "order",
    fields: ["id", "currency_code", "summary.*", "omnichannel_chains.id", "credit_lines.amount", "credit_lines.reference"],
    filters: { id: orderIds },
  })
  type Row = {
    id: string
    currency_code: string
    summary?: Record<string, unknown> | null
    omnichannel_chains?: { id: string }[] | null
    credit_lines?: { amount: unknown; reference?: string | null }[] | null
  }
  return new Map(
    (data as Row[]).map((o) => {
      const inKind = (o.credit_lines ?? []).filter((c) => isInKindRefundLine(c?.reference))
      const amounts = inKind.map((c) => medusaMinor(c.amount, o.currency_code))
      const refundedInKind = amounts.some((a) => a === null) ? null : -amounts.reduce<number>((t, a) => t + (a as number), 0)
      return [o.id, { id: o.id, chain_ids: (o.omnichannel_chains ?? []).map((c) => c.id), summary: o.summary ?? null, refunded_in_kind: refundedInKind }]
    })
  )
}
