import type { Context, DAL } from "@medusajs/framework/types"
import { InjectManager, MedusaContext } from "@medusajs/framework/utils"
import type { SqlEntityManager } from "@medusajs/framework/mikro-orm/postgresql"
import type { PaymentLinkView } from "../dto"
import type { PaymentLinks } from "./payment-links"

/** Hours a till has to report an offline payment's outcome when its terminal sets no max_hours (DESIGN 7.2). */
export const DEFAULT_OFFLINE_MAX_HOURS = 24

export const OFFLINE_PAYMENT_STATES = ["pending", "declined", "overdue"] as const
export type OfflinePaymentState = (typeof OFFLINE_PAYMENT_STATES)[number]

/** A card payment a till approved offline, as the admin sees it (the chain's order and customer are added by the caller). */
export type OfflinePaymentRow = {
  operation_id: string
  payment_id: string
  chain_id: string
  terminal_id: string | null
  amount: number
  currency_code: string
  acquirer_reference: string | null
  occurred_at: string | null
  status: "offline_approved" | "approved" | "declined"
  flags: string[]
  overdue: boolean
  /** When an outcome is overdue: occurred_at plus the terminal's max_hours. */
  outcome_due_at: string | null
  reason: string | null
  declined_at: string | null
  /** The email the decline's link went to, when the outcome named one. */
  email: string | null
  payment_link: (Pick<PaymentLinkView, "id" | "url" | "status" | "amount" | "currency_code" | "expires_at" | "customer_email">) | null
}

const WHERE_STATE: Record<OfflinePaymentState | "all", string> = {
  all: "true",
  pending: "o.status = 'pending'",
  declined: "o.status = 'failed'",
  overdue: "o.status = 'pending' and o.due_at < now()",
}

// Pending and overdue: the oldest first (the longest at risk); otherwise the newest first.
const ORDER_BY: Record<OfflinePaymentState | "all", string> = {
  all: "o.occurred_at desc nulls last, o.id",
  pending: "o.occurred_at asc nulls first, o.id",
  overdue: "o.occurred_at asc nulls first, o.id",
  declined: "o.declined_at desc nulls last, o.id",
}

/** One statement for a page and its count. occurred_at is the till's clock (the sale's), kept in the operation's metadata. */
function listing(state: OfflinePaymentState | "all"): string {
  return `with o as (
      select op.id, op.amount, op.currency_code, op.status, op.acquirer_reference, op.terminal_id, op.error_message,
             op.metadata, c.id as chain_id, c.payment_id,
             (op.metadata->>'occurred_at')::timestamptz as occurred_at,
             (op.metadata->>'occurred_at')::timestamptz
               + make_interval(hours => coalesce(t.offline_max_hours, ${DEFAULT_OFFLINE_MAX_HOURS})) as due_at,
             case when op.status = 'failed' then (op.metadata->'offline_outcome'->>'reported_at')::timestamptz end as declined_at,
             op.metadata->'offline_outcome'->>'payment_link_id' as payment_link_id
        from omnichannel_operation op
        join omnichannel_chain c on c.id = op.chain_id and c.deleted_at is null
        left join omnichannel_terminal t on t.id = op.terminal_id
       where op.deleted_at is null and op.type = 'payment' and op.method = 'card'
         and op.metadata->>'offline' = 'true'
    )
    select o.*, count(*) over () as total,
           l.id as link_id, l.token as link_token, l.status as link_status, l.amount as link_amount,
           l.currency_code as link_currency_code, l.expires_at as link_expires_at, l.customer_email as link_email
      from o
      left join omnichannel_payment_link l on l.id = o.payment_link_id and l.deleted_at is null
     where ${WHERE_STATE[state]}
     order by ${ORDER_BY[state]}
     limit ? offset ?`
}

/**
 * Card payments the tills approved while offline (metadata.offline on a card payment), and
 * what became of them: still awaiting the till's outcome (overdue after the terminal's
 * max_hours), approved, or declined after the sale with the payment link sent for it.
 */
export class OfflinePayments {
  // Read by Medusa's @InjectManager.
  protected readonly baseRepository_: DAL.RepositoryService
  private readonly paymentLinks_: PaymentLinks

  constructor(cradle: Record<string, any>) {
    this.baseRepository_ = cradle.baseRepository
    this.paymentLinks_ = cradle.paymentLinks
  }

  @InjectManager()
  async listOfflinePayments(
    query: { state?: OfflinePaymentState; limit: number; offset: number },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ offline_payments: OfflinePaymentRow[]; count: number }> {
    const manager = sharedContext.manager as SqlEntityManager
    const state = query.state ?? "all"
    const rows: any[] = await manager.execute(listing(state), [query.limit, query.offset])
    // A page past the end has no row to carry the count: ask for the first one only.
    const counted = rows.length || !query.offset ? rows : await manager.execute(listing(state), [1, 0])
    return { offline_payments: rows.map((r) => this.rowView(r)), count: counted.length ? Number(counted[0].total) : 0 }
  }

  /** The offline card payment declined after the sale whose recovery this link is, or null (a link asked for anything else). */
  @InjectManager()
  async offlineDeclineOfLink(linkId: string, @MedusaContext() sharedContext: Context = {}): Promise<{ operation_id: string; reason: string | null; occurred_at: string | null } | null> {
    const manager = sharedContext.manager as SqlEntityManager
    const [row]: any[] = await manager.execute(
      `select id, error_message, metadata from omnichannel_operation
        where deleted_at is null and status = 'failed' and metadata->>'offline' = 'true'
          and metadata->'offline_outcome'->>'payment_link_id' = ?
        limit 1`,
      [linkId]
    )
    if (!row) return null
    const metadata = (row.metadata ?? {}) as Record<string, any>
    return { operation_id: row.id, reason: metadata.offline_outcome?.reason ?? row.error_message ?? null, occurred_at: metadata.occurred_at ?? null }
  }

  private rowView(r: any): OfflinePaymentRow {
    const metadata = (r.metadata ?? {}) as Record<string, any>
    const outcome = (metadata.offline_outcome ?? {}) as Record<string, any>
    const pending = r.status === "pending"
    const dueAt = r.due_at ? new Date(r.due_at) : null
    const iso = (d: unknown) => (d ? new Date(d as string).toISOString() : null)
    return {
      operation_id: r.id,
      payment_id: r.payment_id,
      chain_id: r.chain_id,
      terminal_id: r.terminal_id ?? null,
      amount: Number(r.amount),
      currency_code: r.currency_code,
      acquirer_reference: r.acquirer_reference ?? null,
      occurred_at: iso(r.occurred_at),
      status: pending ? "offline_approved" : r.status === "succeeded" ? "approved" : "declined",
      flags: Array.isArray(metadata.offline_flags) ? metadata.offline_flags.map(String) : [],
      overdue: pending && !!dueAt && dueAt.getTime() < Date.now(),
      outcome_due_at: pending ? iso(dueAt) : null,
      reason: r.status === "failed" ? (outcome.reason ?? r.error_message ?? null) : null,
      declined_at: iso(r.declined_at),
      email: outcome.email ?? null,
      payment_link: r.link_id
        ? {
            id: r.link_id,
            url: this.paymentLinks_.paymentLinkUrl(r.link_token),
            // An open link past its expiry is expired, as every other view of links says.
            status: r.link_status === "open" && new Date(r.link_expires_at).getTime() <= Date.now() ? "expired" : r.link_status,
            amount: Number(r.link_amount),
            currency_code: r.link_currency_code,
            expires_at: r.link_expires_at,
            customer_email: r.link_email ?? null,
          }
        : null,
    }
  }
}
