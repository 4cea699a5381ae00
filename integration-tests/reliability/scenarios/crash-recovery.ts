import { readFileSync } from "node:fs"
import { capturedOnlineChain, threeLineSale, till } from "../fixtures"
import { pool, sleep, type Harness } from "../harness"
import { chainsAgainstOrders } from "../reconcile"
import { ordersOfSale, parisStock, waitForStockApplied } from "./pos-redelivery"
import { SALE_LINES } from "../fixtures"

const SCENARIO = "SIGKILL mid-flight"
const SALES = 40
const REFUND_CHAINS = 4
const REFUNDS_PER_CHAIN = 3
const KILLS = 2

// What a till does with an answer: these mean "not done, try the same request again". A
// refund meets REFUND_ORDER_LOCKED while another refund on its chain runs (the tills send
// several per chain at once): it is retried too, with the same key.
const retryable = (status: number, data?: { code?: string; message?: string }) =>
  status === 0 ||
  status >= 500 ||
  data?.code === "IDEMPOTENCY_REQUEST_IN_PROGRESS" ||
  (data?.code === "REFUND_ORDER_LOCKED" && /in progress/.test(data.message ?? ""))

/**
 * Tills keep sending sales and refunds to server A while it is killed with SIGKILL twice
 * (requests in flight cut off mid-workflow) and started again. Each till retries what got
 * no final answer, with the same body and key. Afterwards every sale is there exactly
 * once, every refund made exactly once, and every chain's totals match Medusa's order.
 */
export async function crashRecovery(h: Harness) {
  const chains = await pool(Array.from({ length: REFUND_CHAINS }), 2, () => capturedOnlineChain(h, "server-b"))
  const t = await till(h, "Crash till", "server-a")
  const pos = t.on("server-a")
  const before = await parisStock(h)
  const run = Date.now().toString(36)

  type Job = { kind: "sale"; sale: ReturnType<typeof threeLineSale> } | { kind: "refund"; payment_id: string; amount: number; reference: string; key: string }
  const jobs: Job[] = Array.from({ length: SALES }, (_, i) => ({ kind: "sale" as const, sale: threeLineSale(h, `CRASH-${run}-${i}`) }))
  chains.forEach((c, ci) => {
    for (let r = 0; r < REFUNDS_PER_CHAIN; r++) {
      // Refunds spread through the sales, so both kills find some in flight.
      jobs.splice(5 + ci * 9 + r * 3, 0, { kind: "refund", payment_id: c.payment_id, amount: 500 + ci, reference: `CRASH-RET-${run}-${ci}-${r}`, key: `crash-${run}-${ci}-${r}` })
    }
  })

  let inFlight = 0
  let cutOff = 0
  let attempts = 0
  let done = 0
  const finals: { job: Job; status: number; code?: string; message?: string; order_id?: string }[] = []
  const killer = (async () => {
    for (let k = 0; k < KILLS; k++) {
      const target = Math.floor((jobs.length * (k + 1)) / (KILLS + 2))
      while (done < target) await sleep(20)
      cutOff += inFlight
      await h.cluster.kill("server-a")
      await h.cluster.start("server-a")
    }
  })()

  const deadline = Date.now() + 150_000
  await pool(jobs, 4, async (job) => {
    for (;;) {
      attempts++
      inFlight++
      const res =
        job.kind === "sale"
          ? await pos.sales(job.sale).catch(() => ({ status: 0, data: undefined as any }))
          : await pos
              .refunds({ payment_id: job.payment_id, amount: job.amount, currency_code: "EUR", reference: job.reference }, job.key)
              .catch(() => ({ status: 0, data: undefined as any }))
      inFlight--
      if (!retryable(res.status, res.data) || Date.now() > deadline) {
        finals.push({ job, status: res.status, code: res.data?.code, message: res.data?.message, order_id: res.data?.order_id })
        done++
        return
      }
      await sleep(300)
    }
  })
  await killer

  const refused = finals.filter((f) => f.status !== 201)
  for (const f of refused) h.check(SCENARIO, false, `${f.job.kind} finally answered ${f.status} ${f.code ?? ""} ${f.message ?? ""}`)

  let duplicates = 0
  let missing = 0
  let wrongLines = 0
  const orderIds: string[] = []
  for (const job of jobs) {
    if (job.kind !== "sale") continue
    const orders = await ordersOfSale(h, job.sale.sale_id)
    if (!orders.length) missing++
    duplicates += Math.max(0, orders.length - 1)
    for (const o of orders) {
      orderIds.push(o.id)
      const [{ lines }] = await h.query<{ lines: number }>(
        `select count(*)::int as lines from order_item oi join order_line_item li on li.id = oi.item_id
          where oi.order_id = $1 and oi.deleted_at is null and li.deleted_at is null`,
        [o.id]
      )
      if (lines !== job.sale.items.length) wrongLines++
    }
  }
  let refundsTwice = 0
  let refundsMissing = 0
  for (const job of jobs) {
    if (job.kind !== "refund") continue
    const [{ n }] = await h.query<{ n: number }>(
      `select count(*)::int as n from omnichannel_operation where type = 'refund' and status = 'succeeded' and reference = $1 and deleted_at is null`,
      [job.reference]
    )
    if (n === 0) refundsMissing++
    if (n > 1) refundsTwice += n - 1
  }
  const applied = await waitForStockApplied(h)
  const after = await parisStock(h)
  const wrongStock = SALE_LINES.filter((l) => before[l.sku] - after[l.sku] !== SALES)
  const compared = await chainsAgainstOrders(h, [...orderIds, ...chains.map((c) => c.order_id)])
  compared.mismatches.forEach((m) => h.check(SCENARIO, false, `totals: ${m}`))

  h.figure(SCENARIO, "kills (SIGKILL of server A, then restart)", KILLS)
  h.figure(SCENARIO, "requests cut off by a kill", cutOff)
  h.check(SCENARIO, cutOff > 0, "no request was in flight when the server was killed")
  h.figure(SCENARIO, "requests sent, retries included", attempts)
  const takenOver = h.cluster
    .logFiles()
    .map((f) => (readFileSync(f, "utf8").match(/was left running by a stopped instance/g) ?? []).length)
    .reduce((a, b) => a + b, 0)
  h.figure(SCENARIO, "keys left running by a killed server, taken over", takenOver)
  h.figure(SCENARIO, "sales / refunds finally answered 201", `${finals.filter((f) => f.job.kind === "sale" && f.status === 201).length} / ${finals.filter((f) => f.job.kind === "refund" && f.status === 201).length}`, `${SALES} / ${REFUND_CHAINS * REFUNDS_PER_CHAIN}`)
  h.figure(SCENARIO, "sales missing", missing, 0)
  h.figure(SCENARIO, "duplicate orders", duplicates, 0)
  h.figure(SCENARIO, "orders with lines missing or doubled", wrongLines, 0)
  h.figure(SCENARIO, "refunds missing / made twice", `${refundsMissing} / ${refundsTwice}`, "0 / 0")
  h.check(SCENARIO, applied, "stock movements were still unapplied after 60 s")
  h.figure(SCENARIO, "SKUs whose stock moved other than once per sale", wrongStock.length, 0)
  h.figure(SCENARIO, "orders whose chain totals differ from Medusa's", `${compared.mismatches.length} of ${compared.compared}`, `0 of ${compared.compared}`)
}
