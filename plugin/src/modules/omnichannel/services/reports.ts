import type { Context, DAL } from "@medusajs/framework/types"
import { InjectManager, MedusaContext } from "@medusajs/framework/utils"
import type { SqlEntityManager } from "@medusajs/framework/mikro-orm/postgresql"
import type { Channel } from "../types"

/** Read-only views for the admin, straight from the ledger's tables. */
export class Reports {
  // Read by Medusa's @InjectManager.
  protected readonly baseRepository_: DAL.RepositoryService

  constructor(cradle: Record<string, any>) {
    this.baseRepository_ = cradle.baseRepository
  }

  /**
   * The last sales the tills sent, with what the store answered: each keeps its first
   * answer as an idempotency record (scope `pos:<terminal>:sale`), refusals included.
   */
  @InjectManager()
  async listRecentPosIngestions(limit: number, @MedusaContext() sharedContext: Context = {}) {
    const manager = sharedContext.manager as SqlEntityManager
    const rows: any[] = await manager.execute(
      `select id, scope, key, state, response_status, response_body, created_at
         from omnichannel_idempotency_record
        where scope like 'pos:%:sale' and deleted_at is null
        order by created_at desc
        limit ?`,
      [limit]
    )
    return rows.map((r) => {
      const body = (r.response_body ?? {}) as Record<string, any>
      const status = r.response_status as number | null
      return {
        id: r.id as string,
        terminal_id: String(r.scope).split(":")[1],
        key: r.key as string,
        outcome: r.state !== "completed" ? "in_progress" : status !== null && status < 300 ? "ingested" : "refused",
        status,
        order_id: (body.order_id as string) ?? null,
        payment_id: (body.payment_id as string) ?? null,
        code: (body.code as string) ?? null,
        message: (body.message as string) ?? null,
        created_at: r.created_at as Date,
      }
    })
  }

  /**
   * Money by channel and UTC day since `since`, in minor units per currency: sales are
   * succeeded payments and captures, refunds succeeded refunds.
   */
  @InjectManager()
  async channelReport(since: Date, @MedusaContext() sharedContext: Context = {}) {
    const manager = sharedContext.manager as SqlEntityManager
    const rows: any[] = await manager.execute(
      `select to_char(date_trunc('day', created_at at time zone 'UTC'), 'YYYY-MM-DD') as day,
              channel, currency_code,
              coalesce(sum(amount) filter (where type in ('payment', 'capture')), 0)::bigint as sales,
              coalesce(sum(amount) filter (where type = 'refund'), 0)::bigint as refunds,
              count(*) filter (where type in ('payment', 'capture'))::int as sales_count,
              count(*) filter (where type = 'refund')::int as refunds_count
         from omnichannel_operation
        where status = 'succeeded' and deleted_at is null and created_at >= ?
          and type in ('payment', 'capture', 'refund')
        group by 1, 2, 3
        order by 1, 2, 3`,
      [since]
    )
    return rows.map((r) => {
      const sales = Number(r.sales)
      const refunds = Number(r.refunds)
      return {
        day: r.day as string,
        channel: r.channel as Channel,
        currency_code: r.currency_code as string,
        sales,
        refunds,
        sales_count: r.sales_count as number,
        refunds_count: r.refunds_count as number,
        refund_rate: sales > 0 ? Math.round((refunds / sales) * 10_000) / 10_000 : null,
      }
    })
  }
}
