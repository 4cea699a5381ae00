import { Pool, type PoolClient } from "pg"
import { percentile } from "../load"

/** Rows a sale inserts and updates, per table, read from PostgreSQL's own counters. */
export type RowsPerSale = Record<string, { inserted: number; updated: number }>

type TableCounts = Map<string, { ins: number; upd: number }>

async function tableCounts(pool: Pool): Promise<TableCounts> {
  // Another backend's counters reach the shared statistics when it goes idle (at most ~1 s later).
  await new Promise((r) => setTimeout(r, 1500))
  const { rows } = await pool.query("select pg_stat_clear_snapshot(); select relname, n_tup_ins, n_tup_upd from pg_stat_user_tables")
    .then((r: any) => (Array.isArray(r) ? r[1] : r))
  return new Map(rows.map((r: any) => [r.relname as string, { ins: Number(r.n_tup_ins), upd: Number(r.n_tup_upd) }]))
}

/**
 * What `sales` sales wrote, per table: the difference of `pg_stat_user_tables` around them,
 * divided by the count (the sales' stock movements applied after the answer included, since
 * `settle` waits for them).
 */
export async function rowsPerSale(databaseUrl: string, sales: number, run: () => Promise<void>, settle: () => Promise<void>): Promise<RowsPerSale> {
  const pool = new Pool({ connectionString: databaseUrl, max: 1 })
  try {
    const before = await tableCounts(pool)
    await run()
    await settle()
    // The store's connections report their counts when idle for 10 s at the latest (PostgreSQL 15).
    await new Promise((r) => setTimeout(r, 11_000))
    const after = await tableCounts(pool)
    const out: RowsPerSale = {}
    for (const [table, a] of after) {
      const b = before.get(table) ?? { ins: 0, upd: 0 }
      const inserted = Math.round(((a.ins - b.ins) / sales) * 10) / 10
      const updated = Math.round(((a.upd - b.upd) / sales) * 10) / 10
      if (inserted > 0 || updated > 0) out[table] = { inserted, updated }
    }
    return out
  } finally {
    await pool.end()
  }
}

type TablePlan = { table: string; inserts: number; updates: number; insertSql: string; updateSql: string; parents: string[] }
type ForeignKey = { table: string; column: string; references: string }

const suffix = (col: string) => `left(${col}, 100) || '-floor-' || $1::text || '-' || g`

/**
 * One hand-written statement per table that copies its newest row under fresh keys: the
 * primary key and the other unique text columns get a suffix, and a column pointing at a table
 * the floor also writes takes the id of the copy made just before it (passed in, from that
 * insert's RETURNING), so foreign keys are checked as for a real sale.
 */
async function planTable(client: PoolClient, table: string, rows: { inserted: number; updated: number }, fks: ForeignKey[], inserted: Map<string, number>): Promise<TablePlan> {
  const { rows: cols } = await client.query(
    `select column_name, data_type, column_default, is_generated, identity_generation
       from information_schema.columns where table_schema = 'public' and table_name = $1 order by ordinal_position`,
    [table]
  )
  const { rows: unique } = await client.query(
    `select distinct a.attname from pg_index i join pg_attribute a on a.attrelid = i.indrelid and a.attnum = any(i.indkey)
      where i.indrelid = $1::regclass and (i.indisunique or i.indisprimary)`,
    [`"${table}"`]
  )
  const uniqueCols = new Set(unique.map((u: any) => u.attname as string))
  const insertable = cols.filter((c: any) => c.is_generated !== "ALWAYS" && c.identity_generation !== "ALWAYS" && !String(c.column_default ?? "").startsWith("nextval("))
  const text = (c: any) => c.data_type === "text" || c.data_type === "character varying"
  const parents: string[] = []
  const values = insertable.map((c: any) => {
    const col = `"${c.column_name}"`
    const fk = fks.find((f) => f.table === table && f.column === c.column_name)
    // Only a parent copied before this table (a cycle, e.g. order_line_item <-> order_item, keeps the source row's value).
    const parentRows = fk && inserted.get(fk.references)
    if (fk && parentRows) {
      parents.push(fk.references)
      return `($${parents.length + 1}::text[])[least(g, ${parentRows})]`
    }
    return uniqueCols.has(c.column_name) && text(c) ? suffix(col) : col
  })
  const insertCount = Math.round(rows.inserted)
  const updateCount = Math.round(rows.updated)
  const touch = insertable.some((c: any) => c.column_name === "updated_at") ? `"updated_at" = now()` : `"${insertable[0].column_name}" = "${insertable[0].column_name}"`
  return {
    table,
    inserts: insertCount,
    updates: updateCount,
    insertSql: `insert into "${table}" (${insertable.map((c: any) => `"${c.column_name}"`).join(", ")}) select ${values.join(", ")} from (select * from "${table}" order by id desc limit 1) t, generate_series(1, ${insertCount}) g returning id`,
    parents,
    updateSql: `update "${table}" set ${touch} where id in (select id from "${table}" order by id desc limit ${updateCount})`,
  }
}

/** The foreign keys between the floor's tables, and the tables in an order that inserts parents first. */
async function foreignKeys(client: PoolClient, tables: string[]) {
  const { rows } = await client.query(
    `select c.conrelid::regclass::text as tbl, a.attname as col, c.confrelid::regclass::text as ref
       from pg_constraint c join pg_attribute a on a.attrelid = c.conrelid and a.attnum = any(c.conkey)
      where c.contype = 'f' and array_length(c.conkey, 1) = 1`
  )
  const unquote = (t: string) => t.replace(/^"|"$/g, "")
  const fks: ForeignKey[] = rows
    .map((r: any) => ({ table: unquote(r.tbl), column: r.col, references: unquote(r.ref) }))
    .filter((f: ForeignKey) => tables.includes(f.table) && tables.includes(f.references) && f.table !== f.references)
  const ordered: string[] = []
  const visit = (t: string, seen = new Set<string>()) => {
    if (ordered.includes(t) || seen.has(t)) return
    seen.add(t)
    for (const f of fks.filter((f) => f.table === t)) visit(f.references, seen)
    ordered.push(t)
  }
  tables.forEach((t) => visit(t))
  return { fks, ordered }
}

/**
 * The floor: the rows one sale writes, inserted (and updated) by one hand-written SQL
 * transaction over a pool of the store's size on the same database, `times` times one
 * after the other. What the sale would cost with no framework at all.
 */
export async function floorLatency(databaseUrl: string, perSale: RowsPerSale, times: number) {
  const pool = new Pool({ connectionString: databaseUrl, max: 10 })
  const client = await pool.connect()
  const plans: TablePlan[] = []
  try {
    // Tables a sale touches less than once in two (a job's bookkeeping) are left out.
    const written = Object.entries(perSale).filter(([, r]) => Math.round(r.inserted) + Math.round(r.updated) > 0)
    const { fks, ordered } = await foreignKeys(client, written.map(([t]) => t))
    // The row counts of the tables already copied when each table's turn comes.
    const inserted = new Map<string, number>()
    for (const table of ordered) {
      plans.push(await planTable(client, table, perSale[table], fks, inserted))
      if (Math.round(perSale[table].inserted)) inserted.set(table, Math.round(perSale[table].inserted))
    }
  } finally {
    client.release()
  }
  const statements = plans.reduce((n, p) => n + (p.inserts ? 1 : 0) + (p.updates ? 1 : 0), 0) + 2
  const latencies: number[] = []
  let failed: string | null = null
  try {
    for (let n = 0; n < times; n++) {
      const c = await pool.connect()
      const t0 = performance.now()
      try {
        await c.query("begin")
        const ids = new Map<string, string[]>()
        for (const p of plans) {
          if (p.inserts) {
            const { rows } = await c.query(p.insertSql, [`${Date.now().toString(36)}${n}`, ...p.parents.map((t) => ids.get(t))])
            ids.set(p.table, rows.map((r: { id: string }) => r.id))
          }
          if (p.updates) await c.query(p.updateSql)
        }
        await c.query("commit")
        latencies.push(performance.now() - t0)
      } catch (err) {
        await c.query("rollback").catch(() => undefined)
        failed ??= (err as Error).message
      } finally {
        c.release()
      }
    }
  } finally {
    await pool.end()
  }
  latencies.sort((a, b) => a - b)
  const round = (ms: number) => Math.round(ms * 100) / 100
  return {
    tables: plans.map((p) => ({ table: p.table, inserts: p.inserts, updates: p.updates })),
    rows_written: plans.reduce((n, p) => n + p.inserts + p.updates, 0),
    statements,
    transactions: latencies.length,
    errors: times - latencies.length,
    first_error: failed,
    p50_ms: round(percentile(latencies, 50)),
    p99_ms: round(percentile(latencies, 99)),
  }
}
