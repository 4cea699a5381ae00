import type { Context, DAL } from "@medusajs/framework/types"
import { InjectManager, MedusaContext } from "@medusajs/framework/utils"
import type { SqlEntityManager } from "@medusajs/framework/mikro-orm/postgresql"
import type { Channel, OperationStatus, OperationType, PaymentMethod } from "../types"

/** Which operations an export reads: created in [from, to), narrowed by the optional filters. */
export type OperationExportFilters = {
  from: Date
  to: Date
  channel?: Channel
  method?: PaymentMethod
  terminal_id?: string
  crm_token?: string
}

/** One operation as an export writes it, amounts still in minor units (the caller converts at the boundary). */
export type OperationExportRow = {
  id: string
  created_at: Date
  chain_id: string
  payment_id: string
  channel: Channel
  method: PaymentMethod
  type: OperationType
  status: OperationStatus
  amount: number
  currency_code: string
  terminal_id: string | null
  stock_location_id: string | null
  /** The chain's card: brand and last 4 shown on the card's own operations, its CRM token on every one. */
  card_brand: string | null
  card_last4: string | null
  crm_token: string | null
  reference: string | null
  /** Where a page ending on this row stops. */
  cursor: OperationExportCursor
}

/**
 * Where the next page starts: after this (created_at, id). created_at as PostgreSQL's own
 * text, to the microsecond: a JS Date keeps milliseconds and would read rows twice.
 */
export type OperationExportCursor = { created_at: string; id: string }

/** Operations read a page at a time: a few thousand rows are a few MB, whatever the window holds. */
export const EXPORT_PAGE_SIZE = 5000

/**
 * Operations for an export (CSV, a CRM, an accountant), oldest first, read page by page by
 * keyset on (created_at, id) (index IDX_omnichannel_operation_created_id), so memory stays
 * constant and no page is read twice or skipped when rows arrive meanwhile. Reads only.
 */
export class OperationExports {
  // Read by Medusa's @InjectManager.
  protected readonly baseRepository_: DAL.RepositoryService

  constructor(cradle: Record<string, any>) {
    this.baseRepository_ = cradle.baseRepository
  }

  /** One page of the export: up to `limit` operations after `after`. */
  @InjectManager()
  async listOperationExportPage(
    filters: OperationExportFilters,
    page: { after?: OperationExportCursor | null; limit?: number } = {},
    @MedusaContext() sharedContext: Context = {}
  ): Promise<OperationExportRow[]> {
    const manager = sharedContext.manager as SqlEntityManager
    const where = ["o.deleted_at is null", "o.created_at >= ?", "o.created_at < ?"]
    const params: unknown[] = [filters.from, filters.to]
    if (filters.channel) (where.push("o.channel = ?"), params.push(filters.channel))
    if (filters.method) (where.push("o.method = ?"), params.push(filters.method))
    if (filters.terminal_id) (where.push("o.terminal_id = ?"), params.push(filters.terminal_id))
    if (filters.crm_token) {
      where.push(
        `o.chain_id in (select c.id from omnichannel_chain c join omnichannel_card_token t on t.id = c.card_token_id
                         where t.token = ? and t.deleted_at is null)`
      )
      params.push(filters.crm_token)
    }
    if (page.after) (where.push("(o.created_at, o.id) > (cast(? as timestamptz), ?)"), params.push(page.after.created_at, page.after.id))
    params.push(Math.max(1, Math.min(page.limit ?? EXPORT_PAGE_SIZE, 50_000)))
    // The page from the operations alone (one index range), then its few hundred chains in one
    // lookup: joining every row to its chain and card cost a nested loop per operation.
    const operations: any[] = await manager.execute(
      `select o.id, o.created_at, o.created_at::text as cursor_at, o.chain_id, o.channel, o.method, o.type, o.status,
              o.amount, o.currency_code, o.terminal_id, o.stock_location_id, o.reference
         from omnichannel_operation o
        where ${where.join(" and ")}
        order by o.created_at, o.id
        limit ?`,
      params
    )
    if (!operations.length) return []
    const chainIds = [...new Set(operations.map((o) => o.chain_id as string))]
    const chains = new Map<string, any>(
      (
        (await manager.execute(
          `select c.id, c.payment_id, t.brand, t.last4, t.token
             from omnichannel_chain c
             left join omnichannel_card_token t on t.id = c.card_token_id and t.deleted_at is null
            where c.id in (?)`,
          [chainIds]
        )) as any[]
      ).map((c) => [c.id, c])
    )
    return operations.map((r) => {
      const chain = chains.get(r.chain_id)
      const card = r.method === "card"
      return {
        id: r.id,
        created_at: r.created_at instanceof Date ? r.created_at : new Date(r.created_at),
        chain_id: r.chain_id,
        payment_id: chain?.payment_id,
        channel: r.channel,
        method: r.method,
        type: r.type,
        status: r.status,
        amount: Number(r.amount),
        currency_code: r.currency_code,
        terminal_id: r.terminal_id ?? null,
        stock_location_id: r.stock_location_id ?? null,
        card_brand: card ? chain?.brand ?? null : null,
        card_last4: card ? chain?.last4 ?? null : null,
        crm_token: chain?.token ?? null,
        reference: r.reference ?? null,
        cursor: { created_at: r.cursor_at, id: r.id },
      }
    })
  }

  /** Every page of the export in turn; the next is read only when the caller asks for it. */
  async *operationExportPages(filters: OperationExportFilters, pageSize = EXPORT_PAGE_SIZE): AsyncGenerator<OperationExportRow[]> {
    let after: OperationExportCursor | null = null
    for (;;) {
      const rows = await this.listOperationExportPage(filters, { after, limit: pageSize })
      if (rows.length) yield rows
      if (rows.length < pageSize) return
      after = rows[rows.length - 1].cursor
    }
  }
}
