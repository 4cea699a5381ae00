import { SALE_LINES, threeLineSale, till } from "../fixtures"
import { outcomeOf, pool, sleep, tally, type Harness } from "../harness"
import type { PosSale } from "../../../plugin/src/pos-client"

const SCENARIO = "POS redelivery"
const SALES = 50
const DELIVERIES = 4

/** Units on hand at Store Paris for the sale's SKUs, as Medusa's inventory holds them. */
export async function parisStock(h: Harness): Promise<Record<string, number>> {
  const rows = await h.query<{ sku: string; stocked: number }>(
    `select i.sku, l.stocked_quantity::int as stocked from inventory_level l join inventory_item i on i.id = l.inventory_item_id
      where l.location_id = $1 and l.deleted_at is null and i.sku = any($2)`,
    [h.seed.stock_location_ids.store_paris, SALE_LINES.map((l) => l.sku)]
  )
  return Object.fromEntries(rows.map((r) => [r.sku, r.stocked]))
}

/** Polls until every sale's stock movements are applied (the worker does it from the event). */
export async function waitForStockApplied(h: Harness, deadlineMs = 60_000) {
  const until = Date.now() + deadlineMs
  while (Date.now() < until) {
    const [{ pending }] = await h.query<{ pending: number }>(`select count(*)::int as pending from omnichannel_stock_movement where status <> 'applied'`)
    if (pending === 0) return true
    await sleep(500)
  }
  return false
}

export async function ordersOfSale(h: Harness, saleId: string) {
  return h.query<{ id: string }>(`select id from "order" where metadata->>'pos_sale_id' = $1 and deleted_at is null`, [saleId])
}

/**
 * 50 sales, each delivered four times at once over both server instances (as tills that
 * lost the answer and retried on another node would): every sale one order, one payment,
 * its stock taken once, and every later delivery answered with the first answer.
 */
export async function posRedelivery(h: Harness) {
  const t = await till(h, "Redelivery till", "server-a")
  const before = await parisStock(h)
  const run = Date.now().toString(36)
  const sales: PosSale[] = Array.from({ length: SALES }, (_, i) => threeLineSale(h, `REDELIVER-${run}-${i}`))

  const deliveries = sales.flatMap((sale) => Array.from({ length: DELIVERIES }, (_, d) => ({ sale, on: d % 2 ? ("server-b" as const) : ("server-a" as const) })))
  const answers = await pool(deliveries, 16, async (d) => {
    const res = await t.on(d.on).sales(d.sale)
    return { sale_id: d.sale.sale_id, outcome: outcomeOf(res), replayed: res.headers["idempotent-replayed"] === "true", order_id: res.data?.order_id }
  })
  const outcomes = tally(answers.map((a) => a.outcome))
  for (const [outcome, count] of Object.entries(outcomes)) {
    h.check(SCENARIO, outcome === "201" || outcome === "409 IDEMPOTENCY_REQUEST_IN_PROGRESS", `${count} deliveries were answered ${outcome}`)
  }
  // A till that met "in progress" retries later; every sale must then answer with its first order.
  let differentOrder = 0
  for (const sale of sales) {
    const res = await t.on("server-b").sales(sale)
    const first = answers.find((a) => a.sale_id === sale.sale_id && a.order_id)
    if (res.status !== 201 || res.headers["idempotent-replayed"] !== "true" || (first && first.order_id !== res.data.order_id)) differentOrder++
  }

  let duplicates = 0
  let missing = 0
  for (const sale of sales) {
    const orders = await ordersOfSale(h, sale.sale_id)
    if (orders.length === 0) missing++
    if (orders.length > 1) duplicates += orders.length - 1
  }
  const [{ payments }] = await h.query<{ payments: number }>(
    `select count(*)::int as payments from omnichannel_operation where type = 'payment' and idempotency_key like $1 and deleted_at is null`,
    [`${t.terminal_id}:REDELIVER-${run}-%`]
  )
  const applied = await waitForStockApplied(h)
  const after = await parisStock(h)
  const wrongStock = SALE_LINES.filter((l) => before[l.sku] - after[l.sku] !== SALES).map((l) => `${l.sku} ${before[l.sku]} -> ${after[l.sku]}`)

  h.figure(SCENARIO, "deliveries (50 sales x 4, both instances at once)", answers.length, SALES * DELIVERIES)
  h.figure(SCENARIO, "answered 201 (first or replayed)", outcomes["201"] ?? 0)
  h.figure(SCENARIO, "answered 409 in progress (retried later)", outcomes["409 IDEMPOTENCY_REQUEST_IN_PROGRESS"] ?? 0)
  h.figure(SCENARIO, "later retries not answered with the first order", differentOrder, 0)
  h.figure(SCENARIO, "duplicate orders", duplicates, 0)
  h.figure(SCENARIO, "sales without an order", missing, 0)
  h.figure(SCENARIO, "card payments recorded", payments, SALES)
  h.check(SCENARIO, applied, "stock movements were still unapplied after 60 s (worker)")
  h.figure(SCENARIO, "SKUs whose stock moved other than once per sale", wrongStock.length, 0)
  if (wrongStock.length) h.check(SCENARIO, false, `stock: ${wrongStock.join(", ")}`)
}
