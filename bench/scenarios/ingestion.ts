import axios from "axios"
import type { AxiosInstance } from "axios"
import { PosClient } from "../../plugin/src/pos-client"
import { cartOrder, posSale, type StoreContext } from "../flows"
import { closedLoop, type LoadResult } from "../load"

export type IngestionResult = { concurrency: number; pos: LoadResult; cart: LoadResult; throughput_ratio: number }

export async function tills(admin: AxiosInstance, baseUrl: string, count: number, locationId: string) {
  const out: PosClient[] = []
  for (let i = 0; i < count; i++) {
    const { data } = await admin.post("/admin/omnichannel/terminals", { name: `Bench till ${i + 1}`, stock_location_id: locationId })
    out.push(new PosClient({ baseUrl, terminalId: data.terminal.id, secret: data.secret, timeoutMs: 60_000 }))
  }
  return out
}

/**
 * A till's sale (3 lines, 1 card payment, stock recorded leaving the shop) against the
 * same basket through Medusa's Store API cart flow, at 1, 4 and 16 clients, one after the
 * other on the same store in the same run.
 */
export async function ingestionAgainstCartFlow(
  baseUrl: string,
  ctx: StoreContext,
  pos: PosClient[],
  levels: number[],
  seconds: number,
  settle: () => Promise<void>
): Promise<IngestionResult[]> {
  const store = axios.create({ baseURL: baseUrl, timeout: 60_000 })
  const run = Date.now().toString(36)
  const results: IngestionResult[] = []
  for (const concurrency of levels) {
    const posResult = await closedLoop(concurrency, seconds, (client, n) => posSale(pos[client], `B-${run}-${concurrency}-${n}`).then(() => undefined))
    // The sales' stock movements are applied after the answer (subscriber): let them finish
    // before the cart flow, whose inventory reservation takes the same item locks.
    await settle()
    const cartResult = await closedLoop(concurrency, seconds, () => cartOrder(store, ctx).then(() => undefined))
    await settle()
    results.push({
      concurrency,
      pos: posResult,
      cart: cartResult,
      throughput_ratio: Math.round((posResult.per_second / Math.max(cartResult.per_second, 0.001)) * 10) / 10,
    })
    console.log(`   ${concurrency} clients: POS ${posResult.per_second}/s p99 ${posResult.p99_ms} ms; cart flow ${cartResult.per_second}/s p99 ${cartResult.p99_ms} ms`)
  }
  return results
}
