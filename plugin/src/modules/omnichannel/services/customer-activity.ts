import type { Context, DAL } from "@medusajs/framework/types"
import { InjectManager, MedusaContext } from "@medusajs/framework/utils"
import type { SqlEntityManager } from "@medusajs/framework/mikro-orm/postgresql"
import type { PaymentLinkDTO, PaymentLinkView } from "../dto"
import type { Channel, ChannelTotals } from "../types"
import { computeTotals } from "../utils/totals"
import type { PaymentLinks } from "./payment-links"

export type CustomerActivityInput = {
  /** The customer's chains, each with the Medusa order it belongs to (the order names the customer) and when it was placed. */
  chains: { chain_id: string; order_id: string; ordered_at: Date | string }[]
  /** The cards linked to the customer (link card-token-customer). */
  card_token_ids: string[]
  limit: number
  offset: number
}

/** The customer's money in one currency, in its minor units, by the chains' own totals rules (utils/totals.ts). */
export type CustomerCurrencyTotals = {
  currency_code: string
  orders: number
  paid: number
  refunded: number
  by_channel: Partial<Record<Channel, ChannelTotals>>
  /** The first and the last succeeded operation on the customer's chains in this currency. */
  first_at: Date | null
  last_at: Date | null
}

export type CustomerCard = {
  crm_token: string
  brand: string
  bin: string
  last4: string
  /** Where the card paid or was authorized (succeeded), on any chain, and when last. */
  channels: Channel[]
  last_used_at: Date | null
}

/** A chain as GET /admin/omnichannel/chains lists it, with its order and totals. */
export type CustomerChainSummary = {
  id: string
  payment_id: string
  currency_code: string
  origin_channel: Channel
  cof_consent: boolean
  card_token_id: string | null
  metadata: Record<string, unknown> | null
  created_at: Date
  updated_at: Date
  deleted_at: Date | null
  crm_token: string | null
  order_id: string
  card: { brand: string; last4: string } | null
  totals: { paid: number; refunded: number; by_channel: Partial<Record<Channel, ChannelTotals>> }
}

export type CustomerRefund = {
  id: string
  payment_id: string
  order_id: string
  amount: number
  currency_code: string
  channel: Channel
  method: string
  status: string
  reference: string | null
  created_at: Date
}

export type CustomerActivity = {
  totals: CustomerCurrencyTotals[]
  cards: CustomerCard[]
  chains: CustomerChainSummary[]
  count: number
  payment_links: PaymentLinkView[]
  refunds: CustomerRefund[]
}

const RECENT_REFUNDS = 10
const OPEN_LINKS = 50

/**
 * A chain's operations of one kind (type, channel, tender, status) added up: what the totals
 * rules read of them, without carrying every operation of a customer with thousands of them.
 * computeTotals' paid, refunded and by_channel are sums over such operations, so they come out
 * the same; nothing else of its answer (authorized: it follows each authorization) is used here.
 */
type OperationGroup = {
  chain_id: string
  currency_code: string
  type: string
  channel: string
  method: string
  status: string
  amount: number
  first_at: Date
  last_at: Date
}

type ChainRow = Omit<CustomerChainSummary, "order_id" | "card" | "totals"> & { card_brand: string | null; card_last4: string }

/**
 * One customer across channels (DESIGN 7.3): the chains of the orders Medusa gives the
 * customer, summed per currency with the chains' own totals rules (utils/totals.ts), and the
 * cards linked to the customer with where each was used. Reads only. Every statement goes by
 * the indexes on chain_id (operations) or primary keys: a customer's thousand purchases are
 * read without touching the others'.
 */
export class CustomerActivities {
  // Read by Medusa's @InjectManager.
  protected readonly baseRepository_: DAL.RepositoryService
  private readonly paymentLinks_: PaymentLinks

  constructor(cradle: Record<string, any>) {
    this.baseRepository_ = cradle.baseRepository
    this.paymentLinks_ = cradle.paymentLinks
  }

  @InjectManager()
  async customerActivity(input: CustomerActivityInput, @MedusaContext() sharedContext: Context = {}): Promise<CustomerActivity> {
    const manager = sharedContext.manager as SqlEntityManager
    const cards = await this.cards(manager, input.card_token_ids)
    if (!input.chains.length) {
      return { totals: [], cards, chains: [], count: 0, payment_links: [], refunds: [] }
    }
    const orderOf = new Map(input.chains.map((c) => [c.chain_id, c.order_id]))
    const ids = textArray([...orderOf.keys()])
    const byChain = groupByChain(await this.operationGroups(manager, ids))
    // A chain with no operation yet still counts its order under its currency.
    const currencyOf = new Map([...byChain].map(([id, groups]) => [id, groups[0].currency_code]))
    const bare = [...orderOf.keys()].filter((id) => !byChain.has(id))
    if (bare.length) for (const c of await this.chainRows(manager, bare)) currencyOf.set(c.id, c.currency_code)

    // Purchases newest first by the date of their order (Medusa's book), then by chain.
    const pageIds = [...input.chains]
      .sort((a, b) => new Date(b.ordered_at).getTime() - new Date(a.ordered_at).getTime() || (a.chain_id < b.chain_id ? 1 : -1))
      .slice(input.offset, input.offset + input.limit)
      .map((c) => c.chain_id)
    const rowsById = new Map((await this.chainRows(manager, pageIds)).map((c) => [c.id, c]))
    const page = pageIds.flatMap((id) => (rowsById.has(id) ? [rowsById.get(id)!] : []))
    const links = await this.openLinks(manager, ids)
    const refunds = await this.recentRefunds(manager, byChain)
    const paymentIdOf = new Map((await this.chainRows(manager, [...new Set(refunds.map((r) => r.chain_id))])).map((c) => [c.id, c.payment_id]))

    return {
      totals: totalsByCurrency(currencyOf, byChain, orderOf),
      cards,
      chains: page.map(({ card_brand, card_last4, ...chain }) => {
        const totals = chainTotals(byChain.get(chain.id) ?? [])
        return {
          ...chain,
          order_id: orderOf.get(chain.id)!,
          card: card_brand ? { brand: card_brand, last4: card_last4 } : null,
          totals: { paid: totals.paid, refunded: totals.refunded, by_channel: totals.by_channel },
        }
      }),
      count: currencyOf.size,
      payment_links: links.map((l) => this.paymentLinks_.viewPaymentLink(l)),
      refunds: refunds.map((r) => ({ ...r, amount: Number(r.amount), payment_id: paymentIdOf.get(r.chain_id)!, order_id: orderOf.get(r.chain_id)! })),
    }
  }

  /** The chains' operations grouped by kind, per chain (index on chain_id). */
  private async operationGroups(manager: SqlEntityManager, ids: string): Promise<OperationGroup[]> {
    const rows: any[] = await manager.execute(
      `select chain_id, currency_code, type, channel, method, status,
              sum(amount)::bigint as amount, min(created_at) as first_at, max(created_at) as last_at
         from omnichannel_operation
        where chain_id = any(?::text[]) and deleted_at is null
        group by chain_id, currency_code, type, channel, method, status`,
      [ids]
    )
    return rows.map((r) => ({ ...r, amount: Number(r.amount) }))
  }

  /** Chains by id, with the columns the chain list answers and their card. */
  private async chainRows(manager: SqlEntityManager, ids: string[]): Promise<ChainRow[]> {
    if (!ids.length) return []
    return await manager.execute(
      `select c.id, c.payment_id, c.currency_code, c.origin_channel, c.cof_consent, c.card_token_id, c.metadata,
              c.created_at, c.updated_at, c.deleted_at, t.token as crm_token, t.brand as card_brand, t.last4 as card_last4
         from omnichannel_chain c
         left join omnichannel_card_token t on t.id = c.card_token_id
        where c.id = any(?::text[]) and c.deleted_at is null`,
      [textArray(ids)]
    )
  }

  /** The customer's cards, each with the channels it paid in (any chain it paid) and when last. */
  private async cards(manager: SqlEntityManager, cardTokenIds: string[]): Promise<CustomerCard[]> {
    if (!cardTokenIds.length) return []
    const rows: any[] = await manager.execute(
      `select t.id, t.token, t.brand, t.bin, t.last4,
              coalesce(array_agg(distinct o.channel) filter (where o.id is not null), '{}') as channels,
              max(o.created_at) as last_used_at
         from omnichannel_card_token t
         left join omnichannel_chain c on c.card_token_id = t.id and c.deleted_at is null
         left join omnichannel_operation o on o.chain_id = c.id and o.deleted_at is null
              and o.method = 'card' and o.status = 'succeeded' and o.type in ('payment', 'authorization')
        where t.id = any(?::text[]) and t.deleted_at is null
        group by t.id
        order by max(o.created_at) desc nulls last, t.id`,
      [textArray(cardTokenIds)]
    )
    return rows.map((r) => ({
      crm_token: r.token,
      brand: r.brand,
      bin: r.bin,
      last4: r.last4,
      channels: [...parseArray(r.channels)].sort() as Channel[],
      last_used_at: r.last_used_at ?? null,
    }))
  }

  /** Links still payable (open, not past their expiry): read as they are, nothing expired here. */
  private async openLinks(manager: SqlEntityManager, ids: string): Promise<PaymentLinkDTO[]> {
    return await manager.execute(
      `select * from omnichannel_payment_link
        where chain_id = any(?::text[]) and status = 'open' and expires_at > now() and deleted_at is null
        order by created_at desc limit ${OPEN_LINKS}`,
      [ids]
    )
  }

  /**
   * The latest refunds. They can only be in the chains whose own latest refund is among the
   * latest ones (a chain whose last refund came after ten others' cannot hold one of the ten),
   * so only those few chains are read, whatever the customer's history.
   */
  private async recentRefunds(manager: SqlEntityManager, byChain: Map<string, OperationGroup[]>): Promise<(Omit<CustomerRefund, "payment_id" | "order_id"> & { chain_id: string })[]> {
    const latest = [...byChain.values()]
      .flat()
      .filter((g) => g.type === "refund" && g.status !== "failed")
      .sort((a, b) => new Date(b.last_at).getTime() - new Date(a.last_at).getTime())
      .slice(0, RECENT_REFUNDS)
      .map((g) => g.chain_id)
    if (!latest.length) return []
    return await manager.execute(
      `select id, chain_id, amount, currency_code, channel, method, status, reference, created_at
         from omnichannel_operation
        where chain_id = any(?::text[]) and type = 'refund' and status <> 'failed' and deleted_at is null
        order by created_at desc, id desc limit ${RECENT_REFUNDS}`,
      [textArray([...new Set(latest)])]
    )
  }
}

function groupByChain(groups: OperationGroup[]): Map<string, OperationGroup[]> {
  const byChain = new Map<string, OperationGroup[]>()
  for (const g of groups) byChain.set(g.chain_id, [...(byChain.get(g.chain_id) ?? []), g])
  return byChain
}

/** A chain's totals by the chains' own rules, from its operation groups. */
function chainTotals(groups: OperationGroup[]) {
  return computeTotals(groups.map((g, i) => ({ id: `${g.chain_id}:${i}`, type: g.type, channel: g.channel, method: g.method, status: g.status, amount: g.amount })))
}

/** Each currency's figures: the chains' totals added up, an order counted once however many chains it has. */
function totalsByCurrency(currencyOf: Map<string, string>, byChain: Map<string, OperationGroup[]>, orderOf: Map<string, string>): CustomerCurrencyTotals[] {
  const byCurrency = new Map<string, CustomerCurrencyTotals & { order_ids: Set<string> }>()
  for (const [chainId, currency_code] of currencyOf) {
    if (!byCurrency.has(currency_code)) byCurrency.set(currency_code, { currency_code, orders: 0, paid: 0, refunded: 0, by_channel: {}, first_at: null, last_at: null, order_ids: new Set() })
    const sum = byCurrency.get(currency_code)!
    sum.order_ids.add(orderOf.get(chainId)!)
    const groups = byChain.get(chainId) ?? []
    const t = chainTotals(groups)
    sum.paid += t.paid
    sum.refunded += t.refunded
    for (const [channel, money] of Object.entries(t.by_channel) as [Channel, ChannelTotals][]) {
      const into = (sum.by_channel[channel] ??= { paid: 0, refunded: 0 })
      into.paid += money.paid
      into.refunded += money.refunded
    }
    for (const g of groups) {
      if (g.status !== "succeeded") continue
      const first = new Date(g.first_at)
      const last = new Date(g.last_at)
      if (!sum.first_at || first < sum.first_at) sum.first_at = first
      if (!sum.last_at || last > sum.last_at) sum.last_at = last
    }
  }
  // The currency the customer used last first.
  return [...byCurrency.values()]
    .map(({ order_ids, ...t }) => ({ ...t, orders: order_ids.size }))
    .sort((a, b) => (b.last_at?.getTime() ?? 0) - (a.last_at?.getTime() ?? 0))
}

/** A text[] parameter as one literal (the query builder would spread a JS array into a list of values). */
function textArray(values: string[]): string {
  return `{${values.map((v) => `"${v.replace(/[\\"]/g, "\\$&")}"`).join(",")}}`
}

/** A text[] as the driver gives it: an array, or PostgreSQL's literal when the type is not parsed. */
function parseArray(value: unknown): string[] {
  if (Array.isArray(value)) return value
  if (typeof value === "string") return value.replace(/^\{|\}$/g, "").split(",").filter(Boolean)
  return []
}
