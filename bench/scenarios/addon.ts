import type { PosClient, PosSale } from "../../plugin/src/pos-client"
import { BASKET, posSale } from "../flows"
import { closedLoop, type LoadResult } from "../load"
import type { statementCounter } from "./queries"

export type AddOnResult = { concurrency: number; addon: LoadResult; orders: number }

/** The line a till adds to an order that exists: one cup, paid in cash. */
const LINE = BASKET[2]

/**
 * A till's sale merged into an order that exists, named by its chain's `payment_id`: one
 * line handed over, paid in cash. Resolves only on 201 with the same order.
 */
export async function addOnSale(till: PosClient, target: { order_id: string; payment_id: string }, saleId: string) {
  const sale: PosSale = {
    sale_id: saleId,
    occurred_at: new Date().toISOString(),
    currency_code: "EUR",
    payment_id: target.payment_id,
    items: [{ ...LINE, quantity: 1, fulfilled: true }],
    payments: [{ method: "cash", amount: LINE.unit_price, tendered: LINE.unit_price, change: 0 }],
  }
  const res = await till.sales(sale)
  if (res.status !== 201) throw new Error(`POS add-on answered ${res.status} ${JSON.stringify(res.data)}`)
  if (res.data.order_id !== target.order_id) throw new Error(`POS add-on landed on ${res.data.order_id}, not ${target.order_id}`)
  return res.data as { order_id: string; payment_id: string }
}

/** `count` orders made by plain till sales (3 lines, card), every till selling in turn. */
export async function ordersToAddTo(pos: PosClient[], count: number, prefix: string) {
  const out: { order_id: string; payment_id: string }[] = []
  let next = 0
  await Promise.all(
    pos.map(async (till, t) => {
      while (next < count) {
        const n = next++
        out.push(await posSale(till, `${prefix}-${t}-${n}`))
      }
    })
  )
  return out
}

/**
 * The till add-on at each load level: orders made first (about one per add-on the run will
 * send, so concurrent tills rarely share an order), then in the measured window each sale
 * adds one line to the next of them in turn. Stock movements applied between phases.
 */
export async function tillAddOn(pos: PosClient[], levels: number[], seconds: number, settle: () => Promise<void>, ordersPerLevel = 300) {
  const run = Date.now().toString(36)
  const results: AddOnResult[] = []
  for (const concurrency of levels) {
    const orders = await ordersToAddTo(pos.slice(0, Math.max(concurrency, 8)), ordersPerLevel, `AO-${run}-${concurrency}`)
    await settle()
    const result = await closedLoop(concurrency, seconds, (client, n) =>
      addOnSale(pos[client], orders[n % orders.length], `AS-${run}-${concurrency}-${n}`).then(() => undefined)
    )
    await settle()
    results.push({ concurrency, addon: result, orders: orders.length })
    console.log(`   ${concurrency} clients: add-on ${result.per_second}/s p50 ${result.p50_ms} ms p99 ${result.p99_ms} ms (${orders.length} orders)`)
  }
  return results
}

/** An add-on's statements, its stock movement included, as statementsPerPosSale counts a sale's. */
export async function statementsPerAddOn(counter: ReturnType<typeof statementCounter>, till: PosClient) {
  const run = Date.now().toString(36)
  const orders = await ordersToAddTo([till], 11, `QO-${run}`)
  await new Promise((r) => setTimeout(r, 2000))
  await addOnSale(till, orders[10], `QA-${run}-warm`)
  return counter.statements(10, (n) => addOnSale(till, orders[n], `QA-${run}-${n}`), 2000)
}
