import type { Harness } from "./harness"

type OperationRow = {
  id: string
  type: string
  status: string
  channel: string
  amount: number
  idempotency_key: string | null
  acquirer_reference: string | null
  chain_id: string
  first: boolean
}

export type Reconciliation = {
  operations: number
  acquirer_calls_matched: number
  recorded_not_moved: string[]
  moved_twice: string[]
  moved_not_recorded: string[]
  /** Outcome unknown to the store: with money moved (must not stay so) or without. */
  pending_moved: string[]
  pending_unmoved: string[]
}

/**
 * Our ledger against what the acquirer actually did. Every operation the store sent to
 * the acquirer carries its operation id as idempotence key (a chain's first payment: the
 * acquirer's payment id is its reference), so each acquirer movement must belong to
 * exactly one operation, a succeeded operation to exactly one movement of its amount, and
 * a failed one to none.
 */
export async function reconcileWithAcquirer(h: Harness): Promise<Reconciliation> {
  const ops = await h.query<OperationRow>(
    `select o.id, o.type, o.status, o.channel, o.amount::int as amount, o.idempotency_key, o.acquirer_reference, o.chain_id,
            o.id = (select f.id from omnichannel_operation f where f.chain_id = o.chain_id and f.deleted_at is null
                    order by f.created_at, f.id limit 1) as first
       from omnichannel_operation o where o.deleted_at is null`
  )
  const charges = h.acquirer.charges
  const byKey = new Map<string, typeof charges>()
  const byReference = new Map<string, typeof charges>()
  for (const c of charges) {
    byKey.set(c.idempotency_key, [...(byKey.get(c.idempotency_key) ?? []), c])
    if (c.kind === "authorize") byReference.set(c.reference, [...(byReference.get(c.reference) ?? []), c])
  }
  const result: Reconciliation = { operations: 0, acquirer_calls_matched: 0, recorded_not_moved: [], moved_twice: [], moved_not_recorded: [], pending_moved: [], pending_unmoved: [] }
  const matched = new Set<object>()
  for (const op of ops) {
    // A till's sale was paid at the till: the store recorded it, it did not charge it.
    if (op.channel === "in_store" && op.type === "payment") continue
    result.operations++
    const mine =
      op.first && (op.type === "payment" || op.type === "authorization")
        ? op.acquirer_reference
          ? byReference.get(op.acquirer_reference) ?? []
          : []
        : byKey.get(op.id) ?? []
    mine.forEach((c) => matched.add(c))
    if (op.status === "pending") (mine.length ? result.pending_moved : result.pending_unmoved).push(`${op.type} ${op.id}`)
    if (op.status === "succeeded" && mine.length === 0) result.recorded_not_moved.push(`${op.type} ${op.id}`)
    if (op.status === "succeeded" && mine.length === 1 && mine[0].amount !== op.amount) {
      result.recorded_not_moved.push(`${op.type} ${op.id}: recorded ${op.amount}, moved ${mine[0].amount}`)
    }
    if (mine.length > 1) result.moved_twice.push(`${op.type} ${op.id} x${mine.length}`)
    if (op.status === "failed" && mine.length > 0) result.moved_not_recorded.push(`${op.type} ${op.id} recorded failed`)
  }
  result.acquirer_calls_matched = matched.size
  // A first payment the store never recorded (its operation failed before the answer) shows
  // up here with its own key; every other movement must have matched an operation.
  for (const c of charges) {
    if (!matched.has(c)) result.moved_not_recorded.push(`${c.kind} ${c.amount} key ${c.idempotency_key}`)
  }
  return result
}

/** Each chain linked to an order against Medusa's own summary of that order. */
export async function chainsAgainstOrders(h: Harness, orderIds?: string[]): Promise<{ compared: number; mismatches: string[] }> {
  const rows = await h.query<{ order_id: string; payment_id: string }>(
    `select l.order_id, c.payment_id from order_order_omnichannel_omnichannel_chain l
       join omnichannel_chain c on c.id = l.omnichannel_chain_id
      where l.deleted_at is null ${orderIds ? "and l.order_id = any($1)" : ""}`,
    orderIds ? [orderIds] : []
  )
  const mismatches: string[] = []
  for (const row of rows) {
    const chain = (await h.admin["server-a"].get(`/admin/omnichannel/chains/${row.payment_id}`)).data.chain
    const order = (await h.admin["server-a"].get(`/admin/orders/${row.order_id}?fields=id,currency_code,summary.*`)).data.order
    const exponent = chain.currency_code.toUpperCase() === "JPY" ? 0 : 2
    const minor = (v: unknown) => Math.round(Number(v ?? 0) * 10 ** exponent)
    const paid = minor(order?.summary?.paid_total)
    const refunded = minor(order?.summary?.refunded_total)
    if (paid !== chain.totals.paid || refunded !== chain.totals.refunded) {
      mismatches.push(`${row.order_id}: chain paid ${chain.totals.paid} refunded ${chain.totals.refunded}, order paid ${paid} refunded ${refunded}`)
    }
  }
  return { compared: rows.length, mismatches }
}
