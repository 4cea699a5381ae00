import { Pool } from "pg"

/** Waits until every stock movement the tills caused has been applied to Medusa's inventory. */
export async function stockSettled(databaseUrl: string, deadlineMs = 300_000) {
  const db = new Pool({ connectionString: databaseUrl, max: 1 })
  try {
    const until = Date.now() + deadlineMs
    while (Date.now() < until) {
      const [{ n }] = (await db.query(`select count(*)::int as n from omnichannel_stock_movement where status <> 'applied'`)).rows
      if (n === 0) return
      await new Promise((r) => setTimeout(r, 250))
    }
    throw new Error("stock movements were not applied within 5 minutes")
  } finally {
    await db.end()
  }
}
