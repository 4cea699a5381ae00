import type { AxiosInstance } from "axios"
import { Pool } from "pg"
import { sequential, type LoadResult } from "../load"
import { millionOperations } from "./lookup"

export type CustomerActivityResult = {
  operations: number
  chains_of_customer: number
  /** GET /admin/omnichannel/customers/:id/activity (its first page of 20 chains, totals over all of them). */
  activity: LoadResult
  /** Medusa's own GET /admin/customers/:id, same customer, same run. */
  medusa_customer: LoadResult
  p50_ratio: number
}

const CHAINS_OF_CUSTOMER = 1000
const CARDS_OF_CUSTOMER = 3

/**
 * A customer with 1,000 purchases among the million operations of the lookup bench: 1,000
 * Medusa orders of theirs (rows in Medusa's order table, each linked to one of the dataset's
 * chains of 10 operations) and three cards linked to them; then their activity across
 * channels next to Medusa's own customer lookup.
 */
export async function customerActivityWithAThousandChains(databaseUrl: string, admin: AxiosInstance, count: number): Promise<CustomerActivityResult> {
  const db = new Pool({ connectionString: databaseUrl, max: 2 })
  try {
    const dataset = await millionOperations(db)
    const run = Date.now().toString(36)
    const email = `bench-activity-${run}@example.com`
    const { customer } = (await admin.post("/admin/customers", { email, first_name: "Bench", last_name: "Activity" })).data
    const [{ id: regionId }] = (await db.query(`select id from region where deleted_at is null limit 1`)).rows
    // Orders written straight into Medusa's table (as the dataset is into ours): the route reads their ids, display ids and links.
    await db.query(
      `insert into "order" (id, region_id, customer_id, email, currency_code, status, created_at)
       select 'order_bench_act_${run}_' || g, $1, $2, $3, 'eur', 'completed', now() - (g || ' minutes')::interval
         from generate_series(0, ${CHAINS_OF_CUSTOMER - 1}) as g`,
      [regionId, customer.id, email]
    )
    await db.query(
      `insert into order_order_omnichannel_omnichannel_chain (id, order_id, omnichannel_chain_id)
       select 'ordoc_bench_act_${run}_' || g, 'order_bench_act_${run}_' || g, 'ochain_bench_' || g
         from generate_series(0, ${CHAINS_OF_CUSTOMER - 1}) as g`
    )
    await db.query(
      `insert into customer_customer_omnichannel_omnichannel_card_token (id, customer_id, omnichannel_card_token_id)
       select 'cuoct_bench_act_${run}_' || g, $1, 'octok_bench_' || g from generate_series(0, ${CARDS_OF_CUSTOMER - 1}) as g`,
      [customer.id]
    )
    await db.query(`analyze "order"; analyze order_order_omnichannel_omnichannel_chain; analyze customer_customer_omnichannel_omnichannel_card_token`)

    const get = async (url: string) => {
      const res = await admin.get(url)
      if (res.status !== 200) throw new Error(`${url} answered ${res.status}`)
      return res.data
    }
    const activityUrl = `/admin/omnichannel/customers/${customer.id}/activity`
    const check = (data: any) => {
      if (data.count !== CHAINS_OF_CUSTOMER || data.chains.length !== 20 || data.cards.length !== CARDS_OF_CUSTOMER) {
        throw new Error(`wrong activity: count ${data.count}, ${data.chains.length} chains, ${data.cards.length} cards`)
      }
      // Each dataset chain: a payment of 100000 and nine refunds of 100.
      if (data.totals[0].paid !== CHAINS_OF_CUSTOMER * 100_000 || data.totals[0].refunded !== CHAINS_OF_CUSTOMER * 900) {
        throw new Error(`wrong totals: ${JSON.stringify(data.totals)}`)
      }
    }
    // Warm the paths (and PostgreSQL's cache) before measuring.
    for (let i = 0; i < 20; i++) check(await get(activityUrl))
    for (let i = 0; i < 20; i++) await get(`/admin/customers/${customer.id}`)
    const activity = await sequential(count, async () => check(await get(activityUrl)))
    const medusa = await sequential(count, () => get(`/admin/customers/${customer.id}`).then(() => undefined))
    return {
      operations: dataset.operations,
      chains_of_customer: CHAINS_OF_CUSTOMER,
      activity,
      medusa_customer: medusa,
      p50_ratio: Math.round((activity.p50_ms / Math.max(medusa.p50_ms, 0.01)) * 10) / 10,
    }
  } finally {
    await db.end()
  }
}
