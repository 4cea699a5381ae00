import { randomInt } from "node:crypto"
import type { AxiosInstance } from "axios"
import { Pool } from "pg"
import { luhnCheckDigit } from "../../plugin/src/cards/luhn"
import { sequential, type LoadResult } from "../load"

export type LookupResult = {
  operations: number
  chains: number
  by_payment_id: LoadResult
  by_crm_token: LoadResult
  medusa_order: LoadResult
  /** The two queries behind a lookup by payment id, straight to PostgreSQL: the data layer alone. */
  sql_by_payment_id: LoadResult
}

const CHAINS = 100_000
const OPS_PER_CHAIN = 10
const BATCH = 2000

/**
 * 100,000 chains of 10 operations each (1,000,000 operations) written straight into the
 * plugin's tables, then chains looked up through the admin API by payment id and by CRM
 * token, next to Medusa's own `GET /admin/orders/:id` in the same run.
 */
export async function lookupWithAMillionOperations(databaseUrl: string, admin: AxiosInstance, orderId: string, count: number): Promise<LookupResult> {
  const db = new Pool({ connectionString: databaseUrl, max: 2 })
  const paymentIds: string[] = []
  const tokens: string[] = []
  try {
    for (let start = 0; start < CHAINS; start += BATCH) {
      const chainRows: string[] = []
      const tokenRows: string[] = []
      for (let i = start; i < start + BATCH; i++) {
        const body = "9" + String(i).padStart(17, "0")
        const paymentId = body + luhnCheckDigit(body)
        const token = "411111" + String(i).padStart(6, "0") + "1111"
        paymentIds.push(paymentId)
        tokens.push(token)
        tokenRows.push(`('octok_bench_${i}', '${token}', 'bench-fp-${i}', 'visa', '411111', '1111', 16)`)
        chainRows.push(`('ochain_bench_${i}', '${paymentId}', 'EUR', 'in_store', false, 'octok_bench_${i}')`)
      }
      await db.query(`insert into omnichannel_card_token (id, token, fingerprint, brand, bin, last4, pan_length) values ${tokenRows.join(",")}`)
      await db.query(`insert into omnichannel_chain (id, payment_id, currency_code, origin_channel, cof_consent, card_token_id) values ${chainRows.join(",")}`)
    }
    await db.query(
      `insert into omnichannel_operation (id, chain_id, type, channel, status, amount, currency_code, reference, created_at)
       select 'oop_bench_' || c.n || '_' || g, 'ochain_bench_' || c.n, case when g = 1 then 'payment' else 'refund' end,
              'in_store', 'succeeded', case when g = 1 then 100000 else 100 end, 'EUR',
              case when g = 1 then null else 'R-' || g end, now() - ((${OPS_PER_CHAIN} - g) || ' minutes')::interval
         from generate_series(0, ${CHAINS - 1}) as c(n), generate_series(1, ${OPS_PER_CHAIN}) as g`
    )
    await db.query("analyze omnichannel_operation; analyze omnichannel_chain; analyze omnichannel_card_token")
    const [{ n }] = (await db.query("select count(*)::int as n from omnichannel_operation")).rows
    const pick = <T>(list: T[]) => list[randomInt(0, list.length)]
    const get = async (url: string) => {
      const res = await admin.get(url)
      if (res.status !== 200) throw new Error(`${url} answered ${res.status}`)
      return res.data
    }
    // Warm the paths (and PostgreSQL's cache) before measuring.
    for (let i = 0; i < 50; i++) await get(`/admin/omnichannel/chains/${pick(paymentIds)}`)
    const byPaymentId = await sequential(count, async () => {
      const data = await get(`/admin/omnichannel/chains/${pick(paymentIds)}`)
      if (data.chain.operations.length !== OPS_PER_CHAIN) throw new Error("wrong chain")
    })
    const byToken = await sequential(count, async () => {
      const data = await get(`/admin/omnichannel/chains?crm_token=${pick(tokens)}`)
      if (data.chains.length !== 1) throw new Error("wrong chain")
    })
    const medusaOrder = await sequential(count, () => get(`/admin/orders/${orderId}`).then(() => undefined))
    const sql = await sequential(count, async () => {
      const chain = await db.query(
        `select c.*, t.token from omnichannel_chain c left join omnichannel_card_token t on t.id = c.card_token_id
          where c.payment_id = $1 and c.deleted_at is null`,
        [pick(paymentIds)]
      )
      const ops = await db.query(
        `select * from omnichannel_operation where chain_id = $1 and deleted_at is null order by created_at, id`,
        [chain.rows[0].id]
      )
      if (ops.rows.length !== OPS_PER_CHAIN) throw new Error("wrong chain")
    })
    return { operations: n, chains: CHAINS, by_payment_id: byPaymentId, by_crm_token: byToken, medusa_order: medusaOrder, sql_by_payment_id: sql }
  } finally {
    await db.end()
  }
}
