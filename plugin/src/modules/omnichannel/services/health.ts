import type { Context, DAL } from "@medusajs/framework/types"
import { InjectManager, MedusaContext } from "@medusajs/framework/utils"
import type { SqlEntityManager } from "@medusajs/framework/mikro-orm/postgresql"
import type { AcquirerCallReport } from "../../../acquirers"
import type { LedgerGaugeReading } from "../../../metrics"
import type { ModelService } from "../utils/model-service"
import AcquirerCall from "../models/acquirer-call"


const PENDING_LISTED = 10
/** Not a card a till approved offline (those end with the till's outcome, see money/offline-outcomes.ts). */
const NOT_OFFLINE = "(metadata ->> 'offline') is distinct from 'true'"

/**
 * How payments are going, from the ledger alone (so it works without Prometheus): what
 * the admin's Health section shows and what the metrics gauges read at each scrape.
 */
export class Health {
  // Read by Medusa's @InjectManager.
  protected readonly baseRepository_: DAL.RepositoryService
  private readonly calls_: ModelService<typeof AcquirerCall>

  constructor(cradle: Record<string, any>) {
    this.baseRepository_ = cradle.baseRepository
    this.calls_ = cradle.omnichannelAcquirerCallService
  }

  async recordAcquirerCall(call: AcquirerCallReport, sharedContext: Context = {}): Promise<void> {
    await this.baseRepository_.serialize<AcquirerCallReport & { id: string }>(await this.calls_.create({ ...call, duration_ms: Math.round(call.duration_ms) }, sharedContext))
  }

  /** Counts and ages of what is still open, in one statement: it runs at every scrape. */
  @InjectManager()
  async readLedgerGauges(@MedusaContext() sharedContext: Context = {}): Promise<LedgerGaugeReading> {
    const manager = sharedContext.manager as SqlEntityManager
    const rows: { source: string; label: string | null; count: string; oldest: Date | null }[] = await manager.execute(
      `select 'operation' as source, type as label, count(*) as count, min(created_at) as oldest
         from omnichannel_operation where status = 'pending' and deleted_at is null and ${NOT_OFFLINE} group by type
       union all
       select 'outbox', status, count(*), min(created_at)
         from omnichannel_outbox_message where status in ('pending', 'dead') and deleted_at is null group by status
       union all
       select 'discrepancy', null, count(*), null
         from omnichannel_stock_movement where discrepancy = true and discrepancy_resolved_at is null and deleted_at is null
       union all
       select 'movement', null, count(*), null
         from omnichannel_stock_movement where status = 'pending' and deleted_at is null`
    )
    const offline = await this.readOfflineGauges(manager)
    const now = Date.now()
    const age = (d: Date | null) => (d ? Math.max(0, (now - new Date(d).getTime()) / 1000) : 0)
    const of = (source: string) => rows.filter((r) => r.source === source)
    return {
      ...offline,
      pending_operations: of("operation").map((r) => ({ type: r.label!, count: Number(r.count), oldest_age_seconds: age(r.oldest) })),
      outbox: of("outbox").map((r) => ({ status: r.label as "pending" | "dead", count: Number(r.count), oldest_age_seconds: age(r.oldest) })),
      open_stock_discrepancies: Number(of("discrepancy")[0]?.count ?? 0),
      pending_stock_movements: Number(of("movement")[0]?.count ?? 0),
    }
  }

  /**
   * Since `since`: approval rate and decline reasons per channel (first and subsequent
   * payments and authorizations), the acquirer's latency, what the tills had refused per
   * terminal, operations still pending and notifications not delivered.
   */
  @InjectManager()
  async healthReport(since: Date, @MedusaContext() sharedContext: Context = {}) {
    const manager = sharedContext.manager as SqlEntityManager
    const run = (sql: string, params: unknown[] = []) => manager.execute(sql, params) as Promise<any[]>
    const [channels, reasons, daily, latency, tills, pending, outbox, gauges] = await Promise.all([
      run(
        `select channel,
                count(*)::int as attempts,
                count(*) filter (where status = 'succeeded')::int as approved,
                count(*) filter (where status = 'failed' and error_code = 'PAYMENT_DECLINED')::int as declined,
                count(*) filter (where status = 'failed' and coalesce(error_code, '') <> 'PAYMENT_DECLINED')::int as failed,
                count(*) filter (where status = 'pending')::int as pending
           from omnichannel_operation
          where type in ('payment', 'authorization') and deleted_at is null and created_at >= ?
          group by channel order by channel`,
        [since]
      ),
      // The acquirer's own reason where it gave one (INSUFFICIENT_FUNDS...), else our code. A
      // plain decline is one reason whether the acquirer said DECLINED or we settled it as
      // PAYMENT_DECLINED without its word (3-D Secure abandoned, a status poll).
      run(
        `select o.channel,
                case when coalesce(c.reason, o.error_code) in ('DECLINED', 'PAYMENT_DECLINED') then 'DECLINED'
                     else coalesce(c.reason, o.error_code, 'UNKNOWN') end as reason,
                count(*)::int as count
           from omnichannel_operation o
           left join lateral (
             select a.reason from omnichannel_acquirer_call a
              where a.operation_id = o.id and a.outcome <> 'ok' and a.reason is not null and a.deleted_at is null
              order by a.created_at desc limit 1
           ) c on true
          where o.type in ('payment', 'authorization') and o.status = 'failed' and o.deleted_at is null and o.created_at >= ?
          group by 1, 2 order by 3 desc, 1, 2`,
        [since]
      ),
      run(
        `select to_char(date_trunc('day', created_at at time zone 'UTC'), 'YYYY-MM-DD') as day, channel,
                count(*) filter (where status = 'succeeded')::int as approved,
                count(*) filter (where status = 'failed' and error_code = 'PAYMENT_DECLINED')::int as declined,
                count(*) filter (where status = 'failed' and coalesce(error_code, '') <> 'PAYMENT_DECLINED')::int as failed
           from omnichannel_operation
          where type in ('payment', 'authorization') and deleted_at is null and created_at >= ?
          group by 1, 2 order by 1, 2`,
        [since]
      ),
      run(
        `select call, count(*)::int as calls,
                count(*) filter (where outcome <> 'ok')::int as errors,
                count(*) filter (where outcome = 'retryable')::int as unavailable,
                percentile_cont(0.5) within group (order by duration_ms) as p50,
                percentile_cont(0.95) within group (order by duration_ms) as p95
           from omnichannel_acquirer_call where deleted_at is null and created_at >= ?
          group by rollup(call) order by call nulls first`,
        [since]
      ),
      run(
        `select split_part(r.scope, ':', 2) as terminal_id, t.name as terminal_name, split_part(r.scope, ':', 3) as route,
                count(*)::int as requests,
                count(*) filter (where r.response_status >= 400)::int as refused,
                r.response_body ->> 'code' as code
           from omnichannel_idempotency_record r
           left join omnichannel_terminal t on t.id = split_part(r.scope, ':', 2)
          where r.scope like 'pos:%' and r.deleted_at is null and r.created_at >= ?
          group by 1, 2, 3, 6 order by 1, 3`,
        [since]
      ),
      run(
        `select o.id, o.type, o.channel, o.method, o.amount::bigint as amount, o.currency_code, o.created_at, c.payment_id,
                count(*) over ()::int as total
           from omnichannel_operation o join omnichannel_chain c on c.id = o.chain_id
          where o.status = 'pending' and o.deleted_at is null and ${NOT_OFFLINE.replace(/metadata/g, "o.metadata")}
          order by o.created_at limit ${PENDING_LISTED}`
      ),
      run(
        `select m.terminal_id, t.name as terminal_name, m.status, count(*)::int as count, min(m.created_at) as oldest
           from omnichannel_outbox_message m left join omnichannel_terminal t on t.id = m.terminal_id
          where m.status in ('pending', 'dead') and m.deleted_at is null
          group by 1, 2, 3 order by 1, 3`
      ),
      this.readLedgerGauges(sharedContext),
    ])

    const rate = (approved: number, decided: number) => (decided > 0 ? Math.round((approved / decided) * 10_000) / 10_000 : null)
    const ms = (v: unknown) => (v === null || v === undefined ? null : Math.round(Number(v)))
    const overall = latency.find((r) => r.call === null)

    const terminals = new Map<string, { terminal_id: string; terminal_name: string | null; requests: number; refused: number; codes: Record<string, number> }>()
    for (const r of tills) {
      const t = terminals.get(r.terminal_id) ?? { terminal_id: r.terminal_id, terminal_name: r.terminal_name ?? null, requests: 0, refused: 0, codes: {} }
      t.requests += r.requests
      t.refused += r.refused
      if (r.refused > 0) t.codes[r.code ?? "UNKNOWN"] = (t.codes[r.code ?? "UNKNOWN"] ?? 0) + r.refused
      terminals.set(r.terminal_id, t)
    }

    return {
      since,
      channels: channels.map((r) => ({
        channel: r.channel as string,
        attempts: r.attempts as number,
        approved: r.approved as number,
        declined: r.declined as number,
        failed: r.failed as number,
        pending: r.pending as number,
        approval_rate: rate(r.approved, r.approved + r.declined + r.failed),
      })),
      decline_reasons: reasons.map((r) => ({ channel: r.channel as string, reason: r.reason as string, count: r.count as number })),
      daily: daily.map((r) => ({
        day: r.day as string,
        channel: r.channel as string,
        approved: r.approved as number,
        declined: r.declined as number,
        failed: r.failed as number,
        approval_rate: rate(r.approved, r.approved + r.declined + r.failed),
      })),
      acquirer: {
        calls: overall?.calls ?? 0,
        errors: overall?.errors ?? 0,
        unavailable: overall?.unavailable ?? 0,
        p50_ms: ms(overall?.p50),
        p95_ms: ms(overall?.p95),
        by_call: latency
          .filter((r) => r.call !== null)
          .map((r) => ({ call: r.call as string, calls: r.calls as number, errors: r.errors as number, p50_ms: ms(r.p50), p95_ms: ms(r.p95) })),
      },
      till_ingestion: [...terminals.values()].map(({ codes, ...t }) => ({
        ...t,
        refusals: Object.entries(codes)
          .map(([code, count]) => ({ code, count }))
          .sort((a, b) => b.count - a.count),
      })),
      pending_operations: {
        count: (pending[0]?.total as number) ?? 0,
        oldest: pending.map(({ total: _total, amount, ...r }) => ({ ...r, amount: Number(amount) })),
      },
      terminal_notifications: outbox.map((r) => ({
        terminal_id: r.terminal_id as string,
        terminal_name: (r.terminal_name as string) ?? null,
        status: r.status as "pending" | "dead",
        count: r.count as number,
        oldest_at: r.oldest as Date,
      })),
      open_stock_discrepancies: gauges.open_stock_discrepancies,
      pending_stock_movements: gauges.pending_stock_movements,
      // Cards tills approved offline wait for the till's outcome, not for the acquirer: apart.
      offline_payments: { pending: gauges.offline_pending, declines_recovered: gauges.offline_declines_recovered },
    }
  }

  /** Offline card payments still waiting for their till's outcome (the amount at risk, per currency), and declines whose link was paid. */
  private async readOfflineGauges(manager: SqlEntityManager): Promise<Pick<LedgerGaugeReading, "offline_pending" | "offline_declines_recovered">> {
    const pending: { currency_code: string; count: string; amount: string }[] = await manager.execute(
      `select currency_code, count(*) as count, sum(amount) as amount from omnichannel_operation
        where status = 'pending' and type = 'payment' and deleted_at is null and not ${NOT_OFFLINE} group by currency_code`
    )
    const [recovered]: { count: string }[] = await manager.execute(
      `select count(*) as count from omnichannel_operation o
         join omnichannel_payment_link l on l.id = o.metadata -> 'offline_outcome' ->> 'payment_link_id' and l.deleted_at is null
        where o.status = 'failed' and o.error_code = 'OFFLINE_DECLINED' and o.deleted_at is null and l.status = 'paid'`
    )
    return {
      offline_pending: pending.map((r) => ({ currency_code: r.currency_code, count: Number(r.count), amount: Number(r.amount) })),
      offline_declines_recovered: Number(recovered?.count ?? 0),
    }
  }
}
