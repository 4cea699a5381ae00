import { readFileSync } from "node:fs"
import type { PosCardOutcome, PosClient, PosSale } from "../../../plugin/src/pos-client"
import { SALE_LINES, threeLineSale, till } from "../fixtures"
import { sleep, tally, type Harness } from "../harness"
import { chainsAgainstOrders } from "../reconcile"
import { ordersOfSale, parisStock, waitForStockApplied } from "./pos-redelivery"

const SCENARIO = "backlog batch killed"
const SALES = 300
const BATCH = 100
// Every third sale's card was approved offline; of those, every fourth is declined afterwards.
const offlineAt = (i: number) => i % 3 === 0
const declinedAt = (i: number) => i % 12 === 0

// An answer that means "not done, send it again": no answer, a server error, a key still held.
const retryable = (status: number, code?: string) => status === 0 || status >= 500 || code === "IDEMPOTENCY_REQUEST_IN_PROGRESS"

/** Sends the batch until no sale in it is left to retry (or the deadline); the last answers. */
async function untilFinal(pos: () => PosClient, sales: PosSale[], deadline: number) {
  for (let attempt = 1; ; attempt++) {
    const res = await pos()
      .salesBatch(sales)
      .catch(() => ({ status: 0, data: undefined as any }))
    const results: { status: number; body: any; replayed?: boolean }[] | undefined = res.status === 200 ? res.data.results : undefined
    const done = results && !results.some((r) => retryable(r.status, r.body?.code))
    if (done || Date.now() > deadline) return { attempts: attempt, results: results ?? [] }
    await sleep(1000)
  }
}

async function outcomesUntilFinal(pos: () => PosClient, outcomes: PosCardOutcome[], deadline: number) {
  for (;;) {
    const res = await pos()
      .cardOutcomes(outcomes)
      .catch(() => ({ status: 0, data: undefined as any }))
    const results: { status: number; body: any }[] | undefined = res.status === 200 ? res.data.results : undefined
    if ((results && !results.some((r) => retryable(r.status, r.body?.code))) || Date.now() > deadline) return results ?? []
    await sleep(1000)
  }
}

/**
 * A till back online sends a backlog of 300 sales (a third paid by cards approved offline)
 * in batches of 100 to server A, which is killed with SIGKILL while the second batch is
 * being written, and started again; the till sends every batch again until each sale has a
 * final answer. Then it reports its offline cards' outcomes, killed again mid-way and sent
 * again, and once more on server B. Afterwards every sale is there exactly once (order and
 * lines, chain payment, Medusa payment, stock movements), every outcome applied once, and
 * every order's chain totals match Medusa's.
 */
export async function backlogBatchKilled(h: Harness) {
  const t = await till(h, "Backlog till", "server-a")
  const before = await parisStock(h)
  const run = Date.now().toString(36)
  const sales = Array.from({ length: SALES }, (_, i) => {
    const sale = threeLineSale(h, `BACKLOG-${run}-${i}`)
    sale.occurred_at = new Date(Date.now() - (SALES - i) * 60_000).toISOString()
    if (offlineAt(i)) {
      sale.payments = sale.payments.map((p) => (p.method === "card" ? { ...p, offline: true, acquirer_reference: `OFFLINE-${run}-${i}` } : p))
      // A declined card's recovery link goes to the customer named on the sale.
      if (declinedAt(i)) sale.customer = { email: `backlog-${run}-${i}@example.com` }
    }
    return sale
  })
  const batches = Array.from({ length: SALES / BATCH }, (_, b) => sales.slice(b * BATCH, (b + 1) * BATCH))
  const onA = () => t.on("server-a")

  // First delivery: batch 1, then batch 2 with server A killed while it writes it.
  const first = await untilFinal(onA, batches[0], Date.now() + 60_000)
  const cut = onA()
    .salesBatch(batches[1])
    .catch(() => ({ status: 0 }))
  // Killed once the batch has made its orders (one call for all), before the rest of its records.
  const ordersOf = async (batch: PosSale[]) =>
    (
      await h.query<{ n: number }>(`select count(*)::int as n from "order" where metadata->>'terminal_id' = $1 and metadata->>'pos_sale_id' = any($2) and deleted_at is null`, [
        t.terminal_id,
        batch.map((s) => s.sale_id),
      ])
    )[0].n
  for (const until = Date.now() + 20_000; Date.now() < until && (await ordersOf(batches[1])) === 0; ) await sleep(10)
  await h.cluster.kill("server-a")
  const cutAnswer = await cut
  const written = await ordersOf(batches[1])
  const [{ paid }] = await h.query<{ paid: number }>(
    `select count(*)::int as paid from omnichannel_operation where idempotency_key like any($1) and medusa_payment_id is not null and deleted_at is null`,
    [batches[1].map((s) => `${t.terminal_id}:${s.sale_id}:%`)]
  )
  await h.cluster.start("server-a")

  // The till sends every batch again until each sale has its final answer.
  const deadline = Date.now() + 180_000
  const resent: Awaited<ReturnType<typeof untilFinal>>[] = []
  for (const batch of batches) resent.push(await untilFinal(onA, batch, deadline))
  const finals = resent.flatMap((r) => r.results)
  const statuses = tally(finals.map((r) => String(r.status)))
  for (const [status, n] of Object.entries(statuses)) h.check(SCENARIO, status === "201", `${n} sales finally answered ${status}`)

  // Outcomes of the offline cards: delivered to A (killed while it applies them), again until final, then once more on B.
  const outcomes: PosCardOutcome[] = sales.flatMap((s, i) =>
    offlineAt(i) ? [{ acquirer_reference: `OFFLINE-${run}-${i}`, outcome: declinedAt(i) ? ("declined" as const) : ("approved" as const), ...(declinedAt(i) ? { reason: "insufficient funds" } : {}) }] : []
  )
  const cutOutcomes = onA()
    .cardOutcomes(outcomes)
    .catch(() => ({ status: 0 }))
  await sleep(500)
  await h.cluster.kill("server-a")
  await cutOutcomes
  await h.cluster.start("server-a")
  const settled = await outcomesUntilFinal(onA, outcomes, Date.now() + 120_000)
  const redelivered = await outcomesUntilFinal(() => t.on("server-b"), outcomes, Date.now() + 60_000)
  const outcomeStatuses = tally([...settled, ...redelivered].map((r) => `${r.status}${r.body?.code ? ` ${r.body.code}` : ""}`))
  for (const [status, n] of Object.entries(outcomeStatuses)) h.check(SCENARIO, status === "200", `${n} outcomes answered ${status}`)

  // Every sale exactly once, every record of it.
  let missing = 0
  let duplicates = 0
  let wrongLines = 0
  const orderIds: string[] = []
  for (const sale of sales) {
    const orders = await ordersOfSale(h, sale.sale_id)
    if (!orders.length) missing++
    duplicates += Math.max(0, orders.length - 1)
    for (const o of orders) {
      orderIds.push(o.id)
      const [{ lines }] = await h.query<{ lines: number }>(
        `select count(*)::int as lines from order_item oi join order_line_item li on li.id = oi.item_id where oi.order_id = $1 and oi.deleted_at is null and li.deleted_at is null`,
        [o.id]
      )
      if (lines !== sale.items.length) wrongLines++
    }
  }
  const perSale = await h.query<{ sale: string; operations: number; medusa_payments: number; movements: number; unapplied: number }>(
    `select s.sale,
            (select count(*)::int from omnichannel_operation o where o.idempotency_key like $1 || s.sale || ':%' and o.type = 'payment' and o.deleted_at is null) as operations,
            (select count(*)::int from payment p join omnichannel_operation o on p.data->>'operation_id' = o.id
              where o.idempotency_key like $1 || s.sale || ':%' and o.deleted_at is null and p.deleted_at is null) as medusa_payments,
            (select count(*)::int from omnichannel_stock_movement m where m.source_key like 'sale:' || $1 || s.sale || ':%' and m.deleted_at is null) as movements,
            0 as unapplied
       from unnest($2::text[]) as s(sale)`,
    [`${t.terminal_id}:`, sales.map((s) => s.sale_id)]
  )
  const notOnce = (pick: (r: (typeof perSale)[number]) => number, expected: number) => perSale.filter((r) => pick(r) !== expected).length
  const applied = await waitForStockApplied(h)
  const after = await parisStock(h)
  const wrongStock = SALE_LINES.filter((l) => before[l.sku] - after[l.sku] !== SALES).map((l) => `${l.sku} ${before[l.sku]} -> ${after[l.sku]}`)

  // Every outcome applied once: approved captured once in Medusa, declined canceled, one recovery link each.
  const offline = await h.query<{ ref: string; status: string; captures: number; canceled: boolean; links: number }>(
    `select o.acquirer_reference as ref, o.status,
            (select count(*)::int from capture c join payment p on p.id = c.payment_id where p.data->>'operation_id' = o.id and c.deleted_at is null) as captures,
            exists(select 1 from payment p where p.data->>'operation_id' = o.id and p.canceled_at is not null) as canceled,
            (select count(*)::int from omnichannel_payment_link l where l.chain_id = o.chain_id and l.deleted_at is null) as links
       from omnichannel_operation o where o.acquirer_reference = any($1) and o.deleted_at is null`,
    [outcomes.map((o) => o.acquirer_reference)]
  )
  const wanted = new Map(outcomes.map((o) => [o.acquirer_reference, o.outcome]))
  const wrongOutcome = offline.filter((o) =>
    wanted.get(o.ref) === "approved" ? o.status !== "succeeded" || o.captures !== 1 || o.canceled : o.status !== "failed" || o.captures !== 0 || !o.canceled || o.links !== 1
  )
  wrongOutcome.slice(0, 5).forEach((o) => h.check(SCENARIO, false, `offline payment ${o.ref}: ${JSON.stringify(o)}`))
  const compared = await chainsAgainstOrders(h, orderIds)
  compared.mismatches.slice(0, 10).forEach((m) => h.check(SCENARIO, false, `totals: ${m}`))
  const takenOver = h.cluster
    .logFiles()
    .map((f) => (readFileSync(f, "utf8").match(/Idempotency-Keys \(pos:[^)]*:sale\) were left running by a stopped instance/g) ?? []).length)
    .reduce((a, b) => a + b, 0)

  h.figure(SCENARIO, "sales (batches of 100; A killed while writing the second, and again while applying outcomes)", SALES)
  h.figure(SCENARIO, "first batch answered 201 before the kill", first.results.filter((r) => r.status === 201).length, BATCH)
  h.figure(SCENARIO, "the cut batch at the kill: answered / orders written / payments fully recorded", `${cutAnswer.status === 200 ? "yes" : "no"} / ${written} / ${paid}`)
  h.check(SCENARIO, cutAnswer.status !== 200, "the second batch was answered before the kill: nothing was cut off")
  h.figure(SCENARIO, "batches sent again (attempts)", resent.map((r) => r.attempts).join(" / "))
  h.figure(SCENARIO, "batches that took over keys left running by the killed server", takenOver)
  h.figure(SCENARIO, "sales finally answered 201", statuses["201"] ?? 0, SALES)
  h.figure(SCENARIO, "sales missing", missing, 0)
  h.figure(SCENARIO, "duplicate orders", duplicates, 0)
  h.figure(SCENARIO, "orders with lines missing or doubled", wrongLines, 0)
  h.figure(SCENARIO, "sales without exactly one chain payment", notOnce((r) => r.operations, 1), 0)
  h.figure(SCENARIO, "sales without exactly one Medusa payment", notOnce((r) => r.medusa_payments, 1), 0)
  h.figure(SCENARIO, "sales without exactly one stock movement per line", notOnce((r) => r.movements, SALE_LINES.length), 0)
  h.check(SCENARIO, applied, "stock movements were still unapplied after 60 s")
  h.figure(SCENARIO, "SKUs whose stock moved other than once per sale", wrongStock.length, 0)
  if (wrongStock.length) h.check(SCENARIO, false, `stock: ${wrongStock.join(", ")}`)
  h.figure(SCENARIO, "offline outcomes (approved / declined), each delivered 2-3 times", `${outcomes.filter((o) => o.outcome === "approved").length} / ${outcomes.filter((o) => o.outcome === "declined").length}`)
  h.figure(SCENARIO, "offline payments not settled exactly once as reported", wrongOutcome.length + (outcomes.length - offline.length), 0)
  h.figure(SCENARIO, "orders whose chain totals differ from Medusa's", `${compared.mismatches.length} of ${compared.compared}`, `0 of ${compared.compared}`)
}
