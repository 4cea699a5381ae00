import { randomInt } from "node:crypto"
import type { AxiosInstance } from "axios"
import { Pool } from "pg"
import { isLuhnValid, luhnCheckDigit } from "../../plugin/src/cards/luhn"
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

/** The million-operation dataset's chains: built once per database, reused by every scenario that needs it (lookup, export). */
export type MillionOperations = { operations: number; chains: number; paymentIds: string[]; tokens: string[] }

/**
 * 100,000 chains of 10 operations each written straight into the plugin's tables, unless
 * they are there already. CRM tokens are shaped as the plugin makes them (BIN, middle, last 4,
 * Luhn-invalid): the middle's last digit is the one that breaks the check.
 */
export async function millionOperations(db: Pool): Promise<MillionOperations> {
  const paymentIds: string[] = []
  const tokens: string[] = []
  for (let i = 0; i < CHAINS; i++) {
    const body = "9" + String(i).padStart(17, "0")
    paymentIds.push(body + luhnCheckDigit(body))
    const head = "411111" + String(i).padStart(5, "0")
    let digit = 0
    while (isLuhnValid(head + digit + "1111")) digit++
    tokens.push(head + digit + "1111")
  }
  const built = (await db.query("select 1 from omnichannel_chain where id = 'ochain_bench_0'")).rowCount
  if (!built) {
    for (let start = 0; start < CHAINS; start += BATCH) {
      const chainRows: string[] = []
      const tokenRows: string[] = []
      for (let i = start; i < start + BATCH; i++) {
        tokenRows.push(`('octok_bench_${i}', '${tokens[i]}', 'bench-fp-${i}', 'visa', '411111', '1111', 16)`)
        chainRows.push(`('ochain_bench_${i}', '${paymentIds[i]}', 'EUR', 'in_store', false, 'octok_bench_${i}')`)
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
  }
  const [{ n }] = (await db.query("select count(*)::int as n from omnichannel_operation")).rows
  return { operations: n, chains: CHAINS, paymentIds, tokens }
}

/**
 * Chains looked up through the admin API by payment id and by CRM token among the million
 * operations, next to Medusa's own `GET /admin/orders/:id` in the same run.
 */
export async function lookupWithAMillionOperations(databaseUrl: string, admin: AxiosInstance, orderId: string, count: number): Promise<LookupResult> {
  const db = new Pool({ connectionString: databaseUrl, max: 2 })
  try {
    const { operations: n, paymentIds, tokens } = await millionOperations(db)
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
