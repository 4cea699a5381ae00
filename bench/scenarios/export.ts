import { execFileSync } from "node:child_process"
import { mkdirSync, readFileSync, writeFileSync } from "node:fs"
import path from "node:path"
import { performance } from "node:perf_hooks"
import type { Readable } from "node:stream"
import type { AxiosInstance } from "axios"
import { Pool } from "pg"
import { millionOperations } from "./lookup"

export type ExportResult = {
  operations_stored: number
  rows: number
  bytes: number
  seconds: number
  rows_per_second: number
  /** The store process's resident memory (VmRSS) just before the export and its highest sample during it (every 50 ms), MB. */
  rss_before_mb: number
  rss_peak_during_mb: number
  rss_growth_mb: number
  /** The kernel's high-water mark (VmHWM), reset just before the export (clear_refs 5) when allowed: the peak during it. */
  hwm_before_mb: number
  hwm_after_mb: number
  /** The same rows straight from PostgreSQL (psql \copy of the export's join to /dev/null): the data layer alone. */
  sql_copy_seconds: number
  goal: { seconds: 60; rss_growth_mb: 100; met: boolean }
}

const mb = (kb: number) => Math.round(kb / 102.4) / 10

/** VmRSS and VmHWM of a process, in kB, from /proc. */
function memoryOf(pid: number): { rss: number; hwm: number } {
  const status = readFileSync(`/proc/${pid}/status`, "utf8")
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? NaN)
  return { rss: kb("VmRSS"), hwm: kb("VmHWM") }
}

/**
 * GET /admin/omnichannel/operations/export over the million-operation dataset the lookup
 * scenario builds (built here when that scenario did not run): the whole CSV read as fast as
 * the client can, rows per second, and the store process's memory while it streams.
 */
export async function exportAMillionOperations(databaseUrl: string, admin: AxiosInstance, storePid: number): Promise<ExportResult> {
  const db = new Pool({ connectionString: databaseUrl, max: 1 })
  let operations = 0
  try {
    operations = (await millionOperations(db)).operations
  } finally {
    await db.end()
  }
  // Every operation stored is in the window: the dataset and the run's other scenarios are minutes old.
  const from = new Date(Date.now() - 2 * 86_400_000).toISOString()
  const to = new Date(Date.now() + 86_400_000).toISOString()

  // The kernel's peak (VmHWM) reset to the current RSS, so after the export it is the peak during it
  // (a timer of ours could starve while the stream's chunks keep the event loop busy).
  let hwmReset = true
  try {
    writeFileSync(`/proc/${storePid}/clear_refs`, "5")
  } catch {
    hwmReset = false
  }
  const before = memoryOf(storePid)
  let peak = before.rss
  const sampler = setInterval(() => (peak = Math.max(peak, memoryOf(storePid).rss)), 50)
  const started = performance.now()
  let bytes = 0
  let lines = 0
  try {
    const res = await admin.get("/admin/omnichannel/operations/export", { params: { from, to }, responseType: "stream" })
    if (res.status !== 200) throw new Error(`export answered ${res.status}`)
    for await (const chunk of res.data as Readable) {
      const buf = chunk as Buffer
      bytes += buf.length
      for (let i = buf.indexOf(10); i !== -1; i = buf.indexOf(10, i + 1)) lines++
    }
  } finally {
    clearInterval(sampler)
  }
  const seconds = (performance.now() - started) / 1000
  const after = memoryOf(storePid)
  peak = Math.max(peak, after.rss, hwmReset ? after.hwm : 0)

  const copyStarted = performance.now()
  execFileSync("psql", [databaseUrl, "-qc", `\\copy (select o.created_at, c.payment_id, o.channel, o.method, o.type, o.status, o.amount, o.currency_code, o.terminal_id, o.stock_location_id, t.brand, t.last4, t.token, o.reference from omnichannel_operation o join omnichannel_chain c on c.id = o.chain_id left join omnichannel_card_token t on t.id = c.card_token_id where o.deleted_at is null and o.created_at >= '${from}' and o.created_at < '${to}' order by o.created_at, o.id) to '/dev/null' csv header`])
  const sqlSeconds = (performance.now() - copyStarted) / 1000

  const rows = lines - 1 // the header
  const growth = mb(peak - before.rss)
  const round = (n: number) => Math.round(n * 10) / 10
  const result: ExportResult = {
    operations_stored: operations,
    rows,
    bytes,
    seconds: round(seconds),
    rows_per_second: Math.round(rows / seconds),
    rss_before_mb: mb(before.rss),
    rss_peak_during_mb: mb(peak),
    rss_growth_mb: growth,
    hwm_before_mb: mb(before.hwm),
    hwm_after_mb: mb(after.hwm),
    sql_copy_seconds: round(sqlSeconds),
    goal: { seconds: 60, rss_growth_mb: 100, met: seconds < 60 && growth < 100 },
  }
  // Kept at once in its own file: a later part of the run failing must not lose it.
  const file = path.join(__dirname, "..", "results", `${new Date().toISOString().slice(0, 19).replace(/:/g, "-")}Z-export.json`)
  mkdirSync(path.dirname(file), { recursive: true })
  writeFileSync(file, JSON.stringify({ ran_at: new Date().toISOString(), export: result }, null, 2) + "\n")
  return result
}
