/**
 * npx ts-node --transpile-only bench/trace-sale.ts: every SQL statement of one till sale, in
 * order (PostgreSQL's log), its stock application after the answer included. For working on
 * the sale's path: TRACE_REUSE=1 keeps the benchmark database of the last run (no migration,
 * seed or store build; rebuild the plugin with `npm run build` first).
 */
import { existsSync, readFileSync, statSync, writeFileSync } from "node:fs"
import { adminClient, seedOf } from "../integration-tests/helpers/running-store"
import { benchStore } from "./store"
import { plentyOfStock, posSale } from "./flows"
import { tills } from "./scenarios/ingestion"
import { statementCounter } from "./scenarios/queries"

const PG_LOG = process.env.BENCH_PG_LOG ?? "/var/log/postgresql/postgresql-15-main.log"
const OUT = process.env.TRACE_OUT ?? "/tmp/omni-bench/trace-sale.sql"

async function main() {
  const cluster = benchStore()
  const base = cluster.url("server-a")
  const db = cluster.databaseUrl.split("/").pop()!
  const counter = statementCounter(cluster.databaseUrl)
  if (!existsSync(PG_LOG)) throw new Error(`cannot read PostgreSQL's log at ${PG_LOG}`)
  try {
    if (!process.env.TRACE_REUSE) await cluster.prepare()
    counter.enable()
    await cluster.startAll()
    const admin = await adminClient(base)
    const seed = await seedOf(admin)
    if (!process.env.TRACE_REUSE) await plentyOfStock(admin, seed)
    const [till] = await tills(admin, base, 1, seed.stock_location_ids.store_paris)
    const run = Date.now().toString(36)
    await posSale(till, `TR-${run}-warm`)
    await new Promise((r) => setTimeout(r, 1500))
    const from = statSync(PG_LOG).size
    await posSale(till, `TR-${run}`)
    await new Promise((r) => setTimeout(r, 2000))
    const lines = readFileSync(PG_LOG)
      .subarray(from)
      .toString("utf8")
      .split("\n")
      .filter((l) => l.includes(`@${db} `) && /LOG:\s+(statement|execute)/.test(l))
      .map((l) => l.replace(/^.*?\[(\d+)\].*?LOG:\s+(?:statement|execute [^:]*):\s*/, "[$1] ").slice(0, 400))
    writeFileSync(OUT, lines.join("\n") + "\n")
    console.log(`${lines.length} statements for one sale; in order in ${OUT}`)
  } finally {
    counter.disable()
    await cluster.stopAll()
  }
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
