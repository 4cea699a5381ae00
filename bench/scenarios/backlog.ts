import { performance } from "node:perf_hooks"
import { computeOfflineToken, type PosClient, type PosSale } from "../../plugin/src/pos-client"
import { tokenKey } from "../../src/demo-token-key"
import { TEST_CARDS } from "../../integration-tests/helpers/checkout"
import { BASKET, BASKET_TOTAL } from "../flows"
import { sequential, summarize, type LoadResult } from "../load"
import type { statementCounter } from "./queries"

const OFFLINE_TOKEN = computeOfflineToken(tokenKey(), TEST_CARDS.approved)

/** The POS sale bench's basket (three lines handed over, one card payment), as a till keeps it while offline. */
export function backlogSale(saleId: string, occurredAt: Date): PosSale {
  return {
    sale_id: saleId,
    occurred_at: occurredAt.toISOString(),
    currency_code: "EUR",
    items: BASKET.map((l) => ({ ...l, quantity: 1, fulfilled: true })),
    payments: [
      { method: "card", amount: BASKET_TOTAL, acquirer_reference: `T-${saleId}`, card: { brand: "visa", bin: "424242", last4: "4242", offline_token: OFFLINE_TOKEN } },
    ],
  }
}

/** A backlog of `count` sales, a minute apart, the oldest first. */
export function backlog(prefix: string, count: number): PosSale[] {
  const start = Date.now() - count * 60_000
  return Array.from({ length: count }, (_, n) => backlogSale(`${prefix}-${n}`, new Date(start + n * 60_000)))
}

/** Sends `sales` in batches of `size`, one batch after the other (a till catching up); throws unless every sale got 201. */
async function sendInBatches(till: PosClient, sales: PosSale[], size: number, latencies: number[]) {
  for (let i = 0; i < sales.length; i += size) {
    const t0 = performance.now()
    const res = await till.salesBatch(sales.slice(i, i + size))
    latencies.push(performance.now() - t0)
    const refused = res.status === 200 ? res.data.results.find((r) => r.status !== 201) : null
    if (res.status !== 200 || refused) throw new Error(`batch answered ${res.status} ${JSON.stringify(refused ?? res.data).slice(0, 300)}`)
  }
}

export type BacklogResult = {
  sales: number
  batch_size: number
  batched: { seconds: number; sales_per_second: number; batch: LoadResult; ms_per_sale_p50: number }
  single: { sales: number; seconds: number; sales_per_second: number; request: LoadResult }
  speedup: number
}

/**
 * A till back online with `count` sales to send: through `POST /pos/sales/batch` in batches
 * of `size`, one batch at a time, against the same basket through `POST /pos/sales` one sale
 * at a time (`singles` of them: the rate is what matters), on the same store in the same run.
 */
export async function backlogIngestion(till: PosClient, count: number, size: number, singles: number, settle: () => Promise<void>): Promise<BacklogResult> {
  const run = Date.now().toString(36)
  // Warm both paths (first workflow runs, connection pools).
  await sendInBatches(till, backlog(`BW-${run}`, size), size, [])
  await till.sales(backlogSale(`SW-${run}`, new Date()))
  await settle()

  const latencies: number[] = []
  const t0 = performance.now()
  await sendInBatches(till, backlog(`BB-${run}`, count), size, latencies)
  const seconds = (performance.now() - t0) / 1000
  await settle()
  const batch = summarize(latencies, 1, 0, seconds)

  const sales = backlog(`BS-${run}`, singles)
  const single = await sequential(singles, async (n) => {
    const res = await till.sales(sales[n])
    if (res.status !== 201) throw new Error(`POS sale answered ${res.status} ${JSON.stringify(res.data).slice(0, 300)}`)
  })
  await settle()
  const round = (n: number) => Math.round(n * 10) / 10
  const batchedRate = round(count / seconds)
  const singleRate = round(single.requests / single.seconds)
  return {
    sales: count,
    batch_size: size,
    batched: { seconds: round(seconds), sales_per_second: batchedRate, batch, ms_per_sale_p50: round(batch.p50_ms / size) },
    single: { sales: singles, seconds: single.seconds, sales_per_second: singleRate, request: single },
    speedup: round(batchedRate / Math.max(singleRate, 0.001)),
  }
}

/** SQL statements per sale of a batch of `size` (stock applied inside the request; the count waits 2 s after it). */
export async function statementsPerBatchedSale(counter: ReturnType<typeof statementCounter>, till: PosClient, size: number) {
  const run = Date.now().toString(36)
  await sendInBatches(till, backlog(`QBW-${run}`, size), size, [])
  const counted = await counter.statements(1, () => sendInBatches(till, backlog(`QB-${run}`, size), size, []), 2000)
  if (!counted) return null
  const per = (n: number) => Math.round((n / size) * 10) / 10
  return { per_sale: per(counted.per_request), by_kind: counted.by_kind.map((k) => ({ kind: k.kind, per_sale: per(k.per_request) })) }
}

/** The rows a batched sale writes, as the floor measures them for a single one. */
export function batchedSalesWork(till: PosClient, count: number, size: number) {
  const run = Date.now().toString(36)
  return () => sendInBatches(till, backlog(`FB-${run}`, count), size, [])
}
