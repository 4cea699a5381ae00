/**
 * npm run bench: the reference store (one instance, built, `medusa start`) on a fresh
 * database, and side by side in the same run: a till's sale against the same basket through
 * Medusa's Store API cart flow, our cross-channel refund against Medusa's own refund, an
 * online checkout through the hosted card form against Medusa's system provider, and
 * chain lookups with a million operations stored next to Medusa's order lookup. Then the
 * POS path under a CPU profile. Prints tables and writes bench/results.json.
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs"
import os from "node:os"
import path from "node:path"
import axios from "axios"
import { adminClient, seedOf } from "../integration-tests/helpers/running-store"
import { Cluster } from "../integration-tests/helpers/store-cluster"
import { cartOrder, plentyOfStock, storeContext, posSale } from "./flows"
import { closedLoop } from "./load"
import { summarizeProfiles } from "./profile"
import { stockSettled } from "./stock"
import { ingestionAgainstCartFlow, tills } from "./scenarios/ingestion"
import { lookupWithAMillionOperations } from "./scenarios/lookup"
import { statementCounter, statementsPerPosSale } from "./scenarios/queries"
import { refundAgainstMedusa } from "./scenarios/refunds"
import { checkoutAgainstMedusa } from "./scenarios/checkout"

const LEVELS = [1, 4, 16]
const SECONDS = Number(process.env.BENCH_SECONDS ?? 15)
const PROFILE_DIR = "/tmp/omni-bench/profile"
// BENCH_ONLY=profile (or ingestion,refunds,lookup) runs part of it, for working on one path.
const ONLY = process.env.BENCH_ONLY?.split(",")
const wanted = (part: string) => !ONLY || ONLY.includes(part)

async function main() {
  const started = Date.now()
  const cluster = new Cluster(
    {},
    {
      databaseUrl: process.env.BENCH_DATABASE_URL ?? "postgres://postgres@localhost:5432/omnichannel_bench",
      redisUrl: null,
      instances: { "server-a": { port: 9400, mode: "shared" } },
      logDir: "/tmp/omni-bench",
    }
  )
  const base = cluster.url("server-a")
  try {
    console.log("==> preparing the store (fresh database, build)")
    await cluster.prepare()
    await cluster.startAll()
    let admin = await adminClient(base)
    const seed = await seedOf(admin)
    await plentyOfStock(admin, seed)
    const ctx = await storeContext(axios.create({ baseURL: base }), seed)
    const pos = await tills(admin, base, Math.max(...LEVELS), seed.stock_location_ids.store_paris)

    const waitForStock = () => stockSettled(cluster.databaseUrl)
    let ingestion: Awaited<ReturnType<typeof ingestionAgainstCartFlow>> = []
    if (wanted("ingestion")) {
      console.log(`==> POS sale vs Store API cart flow (${SECONDS} s per level)`)
      ingestion = await ingestionAgainstCartFlow(base, ctx, pos, LEVELS, SECONDS, waitForStock)
    }
    let refunds: Awaited<ReturnType<typeof refundAgainstMedusa>> | null = null
    if (wanted("refunds")) {
      console.log("==> cross-channel refund vs Medusa's refund")
      refunds = await refundAgainstMedusa(base, admin, ctx, pos[0], 100)
    }
    let checkout: Awaited<ReturnType<typeof checkoutAgainstMedusa>> | null = null
    if (wanted("checkout")) {
      console.log("==> online checkout through the hosted card form vs Medusa's system provider")
      checkout = await checkoutAgainstMedusa(base, ctx, 40)
    }
    let lookup: Awaited<ReturnType<typeof lookupWithAMillionOperations>> | null = null
    if (wanted("lookup")) {
      console.log("==> chain lookups with 1,000,000 operations")
      const anOrder = (await admin.get("/admin/orders?limit=1&fields=id")).data.orders[0].id
      lookup = await lookupWithAMillionOperations(cluster.databaseUrl, admin, anOrder, 500)
    }

    console.log("==> the POS path under a CPU profile (16 tills, 10 s)")
    await cluster.stop("server-a")
    rmSync(PROFILE_DIR, { recursive: true, force: true })
    mkdirSync(PROFILE_DIR, { recursive: true })
    await cluster.start("server-a", ["--cpu-prof", `--cpu-prof-dir=${PROFILE_DIR}`])
    admin = await adminClient(base)
    const profiled = await closedLoop(16, 10, (client, n) => posSale(pos[client], `PROF-${Date.now()}-${n}`).then(() => undefined))
    await cluster.stop("server-a")
    const profile = summarizeProfiles(PROFILE_DIR)

    console.log("==> SQL statements per request (PostgreSQL's log, log_statement=all on this database)")
    const counter = statementCounter(cluster.databaseUrl)
    let statements: { pos_sale: number | null; cart_order: number | null } = { pos_sale: null, cart_order: null }
    if (counter.available) {
      counter.enable()
      try {
        await cluster.start("server-a")
        const store = axios.create({ baseURL: base })
        await cartOrder(store, ctx)
        statements = {
          pos_sale: await statementsPerPosSale(counter, pos[0]),
          cart_order: await counter.count(3, () => cartOrder(store, ctx)),
        }
      } finally {
        counter.disable()
        await cluster.stop("server-a")
      }
    }

    const machine = { cpus: os.cpus().length, cpu: os.cpus()[0]?.model, memory_gb: Math.round(os.totalmem() / 2 ** 30), node: process.version, platform: `${os.platform()} ${os.release()}` }
    const results = { ran_at: new Date().toISOString(), machine, seconds_per_level: SECONDS, ingestion, refunds, checkout, lookup, statements, profile: { load: profiled, ...profile } }
    writeFileSync(path.join(__dirname, "results.json"), JSON.stringify(results, null, 2) + "\n")

    console.log("")
    console.log(`machine: ${machine.cpus} cores (${machine.cpu}), ${machine.memory_gb} GiB, Node ${machine.node}`)
    if (ingestion.length) console.table(
      ingestion.flatMap((r) => [
        { path: "POS sale (ours)", clients: r.concurrency, "req/s": r.pos.per_second, p50: r.pos.p50_ms, p95: r.pos.p95_ms, p99: r.pos.p99_ms, errors: r.pos.errors },
        { path: "Store API cart flow (Medusa)", clients: r.concurrency, "req/s": r.cart.per_second, p50: r.cart.p50_ms, p95: r.cart.p95_ms, p99: r.cart.p99_ms, errors: r.cart.errors },
        { path: "ratio (throughput)", clients: r.concurrency, "req/s": `${r.throughput_ratio}x` },
      ])
    )
    if (refunds) console.table([
      { path: "cross-channel refund (ours)", n: refunds.ours.requests, p50: refunds.ours.p50_ms, p95: refunds.ours.p95_ms, p99: refunds.ours.p99_ms },
      { path: "Medusa's refund", n: refunds.medusa.requests, p50: refunds.medusa.p50_ms, p95: refunds.medusa.p95_ms, p99: refunds.medusa.p99_ms },
      { path: "ratio (p50)", n: "", p50: `${refunds.p50_ratio}x` },
    ])
    if (checkout) console.table([
      { path: "checkout, card in the hosted form (ours)", n: checkout.ours.requests, p50: checkout.ours.p50_ms, p95: checkout.ours.p95_ms, p99: checkout.ours.p99_ms },
      { path: "the same with a 3-D Secure challenge", n: checkout.ours_challenged.requests, p50: checkout.ours_challenged.p50_ms, p95: checkout.ours_challenged.p95_ms, p99: checkout.ours_challenged.p99_ms },
      { path: "checkout, Medusa's system provider", n: checkout.medusa.requests, p50: checkout.medusa.p50_ms, p95: checkout.medusa.p95_ms, p99: checkout.medusa.p99_ms },
      { path: "ratio (p50)", n: "", p50: `${checkout.p50_ratio}x / ${checkout.p50_ratio_challenged}x` },
    ])
    if (lookup) console.table([
      { lookup: `chain by payment id (${lookup.operations} ops stored)`, p50: lookup.by_payment_id.p50_ms, p99: lookup.by_payment_id.p99_ms },
      { lookup: "chains by CRM token", p50: lookup.by_crm_token.p50_ms, p99: lookup.by_crm_token.p99_ms },
      { lookup: "Medusa GET /admin/orders/:id", p50: lookup.medusa_order.p50_ms, p99: lookup.medusa_order.p99_ms },
      { lookup: "the SQL behind a lookup by payment id", p50: lookup.sql_by_payment_id.p50_ms, p99: lookup.sql_by_payment_id.p99_ms },
    ])
    console.log(`SQL statements per request: POS sale ${statements.pos_sale ?? "n/a"}, Store API cart order ${statements.cart_order ?? "n/a"} (all 9 requests)`)
    console.log(`CPU profile of the POS path (${profiled.requests} sales, ${profile.total_ms} ms on CPU):`)
    console.table(Object.entries(profile.by_owner).map(([owner, ms]) => ({ owner, ms, share: `${Math.round((ms / profile.total_ms) * 100)}%` })))
    console.table(profile.top)
    console.log("time under each of our functions (innermost plugin frame on the stack, Medusa/ORM calls included):")
    console.table(profile.ours_inclusive)
    console.log(`bench: ${Math.round((Date.now() - started) / 1000)} s; results in bench/results.json`)
  } finally {
    await cluster.stopAll()
  }
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
