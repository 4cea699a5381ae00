import type { Context, DAL } from "@medusajs/framework/types"
import { InjectManager, MedusaContext } from "@medusajs/framework/utils"
import type { SqlEntityManager } from "@medusajs/framework/mikro-orm/postgresql"
import type { ChainDTO, PaymentLinkDTO, PaymentLinkView } from "../dto"
import type Chain from "../models/chain"
import type { Channel, ChannelTotals } from "../types"
import type { ModelService } from "../utils/model-service"
import { computeTotals } from "../utils/totals"
import type { PaymentLinks } from "./payment-links"

export type CustomerActivityInput = {
  /** The customer's chains, each with the Medusa order it belongs to (the order names the customer). */
  chains: { chain_id: string; order_id: string }[]
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

export type CustomerChainSummary = ChainDTO & {
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

type OperationRow = {
  id: string
  chain_id: string
  type: string
  channel: string
  method: string
  status: string
  amount: number
  parent_operation_id: string | null
  offline: boolean
  reference: string | null
  created_at: Date
}

/**
 * One customer across channels (DESIGN 7.3): the chains of the orders Medusa gives the
 * customer, summed per currency with the chains' own totals rules, and the cards linked to
 * the customer with where each was used. Reads only.
 */
export class CustomerActivities {
  // Read by Medusa's @InjectManager.
  protected readonly baseRepository_: DAL.RepositoryService
  private readonly chains_: ModelService<typeof Chain>
  private readonly paymentLinks_: PaymentLinks

  constructor(cradle: Record<string, any>) {
    this.baseRepository_ = cradle.baseRepository
    this.chains_ = cradle.omnichannelChainService
    this.paymentLinks_ = cradle.paymentLinks
  }

  @InjectManager()
  async customerActivity(input: CustomerActivityInput, @MedusaContext() sharedContext: Context = {}): Promise<CustomerActivity> {
    const manager = sharedContext.manager as SqlEntityManager
    const orderOf = new Map(input.chains.map((c) => [c.chain_id, c.order_id]))
    const chainIds = [...orderOf.keys()]
    if (!chainIds.length) {
      return { totals: [], cards: await this.cards(manager, input.card_token_ids), chains: [], count: 0, payment_links: [], refunds: [] }
    }

    const [operations, [page, count], cards, links] = await Promise.all([
      this.operations(manager, chainIds),
      this.chains_.listAndCount(
        { id: chainIds },
        { take: input.limit, skip: input.offset, order: { created_at: "DESC", id: "DESC" }, relations: ["card_token"] },
        sharedContext
      ),
      this.cards(manager, input.card_token_ids),
      this.openLinks(manager, chainIds),
    ])
    const chains = await this.baseRepository_.serialize<ChainDTO[]>(page)
    const opsByChain = groupBy(operations, (op) => op.chain_id)
    const currencyOf = await this.currencies(manager, chainIds)

    return {
      totals: this.totalsByCurrency(currencyOf, opsByChain, orderOf),
      cards,
      chains: chains.map(({ card_token, ...chain }) => {
        const totals = computeTotals(opsByChain.get(chain.id) ?? [])
        return {
          ...(chain as ChainDTO),
          crm_token: card_token?.token ?? null,
          order_id: orderOf.get(chain.id)!,
          card: card_token ? { brand: card_token.brand, last4: card_token.last4 } : null,
          totals: { paid: totals.paid, refunded: totals.refunded, by_channel: totals.by_channel },
        }
      }),
      count,
      payment_links: links.map((l) => this.paymentLinks_.viewPaymentLink(l)),
      refunds: this.recentRefunds(operations, currencyOf, orderOf),
    }
  }

  /** Each currency's figures: the chains' totals added up, orders counted once however many chains they have. */
  private totalsByCurrency(
    currencyOf: Map<string, { currency_code: string; payment_id: string; created_at: Date }>,
    opsByChain: Map<string, OperationRow[]>,
    orderOf: Map<string, string>
  ): CustomerCurrencyTotals[] {
    const byCurrency = new Map<string, { chains: string[] }>()
    for (const [chainId, chain] of currencyOf) {
      const entry = byCurrency.get(chain.currency_code) ?? { chains: [] }
      entry.chains.push(chainId)
      byCurrency.set(chain.currency_code, entry)
    }
    const totals: CustomerCurrencyTotals[] = []
    for (const [currency_code, { chains }] of byCurrency) {
      const ops = chains.flatMap((id) => opsByChain.get(id) ?? [])
      // The totals rules work per chain (a capture names its authorization on the same chain): sum chain by chain.
      const sum: CustomerCurrencyTotals = { currency_code, orders: new Set(chains.map((id) => orderOf.get(id))).size, paid: 0, refunded: 0, by_channel: {}, first_at: null, last_at: null }
      for (const id of chains) {
        const t = computeTotals(opsByChain.get(id) ?? [])
        sum.paid += t.paid
        sum.refunded += t.refunded
        for (const [channel, money] of Object.entries(t.by_channel) as [Channel, ChannelTotals][]) {
          const into = (sum.by_channel[channel] ??= { paid: 0, refunded: 0 })
          into.paid += money.paid
          into.refunded += money.refunded
        }
      }
      const times = ops.filter((op) => op.status === "succeeded").map((op) => new Date(op.created_at).getTime())
      sum.first_at = times.length ? new Date(Math.min(...times)) : null
      sum.last_at = times.length ? new Date(Math.max(...times)) : null
      totals.push(sum)
    }
    // The currency the customer used last first.
    return totals.sort((a, b) => (b.last_at?.getTime() ?? 0) - (a.last_at?.getTime() ?? 0))
  }

  private recentRefunds(
    operations: OperationRow[],
    currencyOf: Map<string, { currency_code: string; payment_id: string }>,
    orderOf: Map<string, string>
  ): CustomerRefund[] {
    return operations
      .filter((op) => op.type === "refund" && op.status !== "failed")
      .sort((a, b) => new Date(b.created_at).getTime() - new Date(a.created_at).getTime())
      .slice(0, RECENT_REFUNDS)
      .map((op) => ({
        id: op.id,
        payment_id: currencyOf.get(op.chain_id)!.payment_id,
        order_id: orderOf.get(op.chain_id)!,
        amount: op.amount,
        currency_code: currencyOf.get(op.chain_id)!.currency_code,
        channel: op.channel as Channel,
        method: op.method,
        status: op.status,
        reference: op.reference,
        created_at: op.created_at,
      }))
  }

  /** The columns the totals rules read, for every operation of the chains (index on chain_id). */
  private async operations(manager: SqlEntityManager, chainIds: string[]): Promise<OperationRow[]> {
    const rows: any[] = await manager.execute(
      `select id, chain_id, type, channel, method, status, amount, parent_operation_id, reference, created_at,
              coalesce(metadata->>'offline' = 'true', false) as offline
         from omnichannel_operation
        where chain_id = any(?::text[]) and deleted_at is null`,
      [textArray(chainIds)]
    )
    return rows.map((r) => ({ ...r, amount: Number(r.amount), metadata: r.offline ? { offline: true } : null }))
  }

  private async currencies(manager: SqlEntityManager, chainIds: string[]) {
    const rows: any[] = await manager.execute(
      `select id, currency_code, payment_id, created_at from omnichannel_chain where id = any(?::text[]) and deleted_at is null`,
      [textArray(chainIds)]
    )
    return new Map(rows.map((r) => [r.id as string, { currency_code: r.currency_code as string, payment_id: r.payment_id as string, created_at: r.created_at as Date }]))
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
  private async openLinks(manager: SqlEntityManager, chainIds: string[]): Promise<PaymentLinkDTO[]> {
    return await manager.execute(
      `select * from omnichannel_payment_link
        where chain_id = any(?::text[]) and status = 'open' and expires_at > now() and deleted_at is null
        order by created_at desc limit 50`,
      [textArray(chainIds)]
    )
  }
}

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>()
  for (const item of items) {
    const k = key(item)
    const list = groups.get(k)
    if (list) list.push(item)
    else groups.set(k, [item])
  }
  return groups
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
