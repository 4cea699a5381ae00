/**
 * npm run bench: the reference store (one instance, built, `medusa start`) on a fresh
 * database, and side by side in the same run: a till's sale against the same basket through
 * Medusa's Store API cart flow, our cross-channel refund against Medusa's own refund, an
 * online checkout through the hosted card form against Medusa's system provider, and
 * chain lookups with a million operations stored next to Medusa's order lookup; the floor
 * under a till's sale (the rows it writes, in one hand-written SQL transaction). Then the
 * POS path under a CPU profile. Prints tables and writes bench/results/<when>.json.
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs"
import os from "node:os"
import path from "node:path"
import axios from "axios"
import { adminClient, seedOf } from "../integration-tests/helpers/running-store"
import { BENCH_TOPOLOGY, benchStore } from "./store"
import { cartOrder, plentyOfStock, storeContext, posSale } from "./flows"
import { closedLoop } from "./load"
import { summarizeProfiles } from "./profile"
import { stockSettled } from "./stock"
import { ingestionAgainstCartFlow, tills } from "./scenarios/ingestion"
import { statementsPerAddOn, tillAddOn } from "./scenarios/addon"
import { lookupWithAMillionOperations } from "./scenarios/lookup"
import { customerActivityWithAThousandChains } from "./scenarios/customer-activity"
import { exportAMillionOperations } from "./scenarios/export"
import { statementCounter, statementsPerPosSale } from "./scenarios/queries"
import { refundAgainstMedusa } from "./scenarios/refunds"
import { checkoutAgainstMedusa } from "./scenarios/checkout"
import { floorLatency, rowsPerSale } from "./scenarios/floor"
import { sequential } from "./load"
import { backlogIngestion, batchedSalesWork, statementsPerBatchedSale } from "./scenarios/backlog"

const LEVELS = (process.env.BENCH_LEVELS ?? "1,4,16,64").split(",").map(Number)
const SECONDS = Number(process.env.BENCH_SECONDS ?? 15)
const PROFILE_DIR = "/tmp/omni-bench/profile"
// BENCH_ONLY=profile (or ingestion,addon,refunds,lookup) runs part of it, for working on one path.
const ONLY = process.env.BENCH_ONLY?.split(",")
const wanted = (part: string) => !ONLY || ONLY.includes(part)

async function main() {
  const started = Date.now()
  const cluster = benchStore()
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
    let addon: Awaited<ReturnType<typeof tillAddOn>> = []
    if (wanted("addon")) {
      console.log(`==> till add-on: one line on an existing order by payment_id, cash (${SECONDS} s per level)`)
      addon = await tillAddOn(pos, LEVELS, SECONDS, waitForStock)
    }
    let floor: (Awaited<ReturnType<typeof floorLatency>> & { rows_per_sale: Awaited<ReturnType<typeof rowsPerSale>>; pos_one_till: Awaited<ReturnType<typeof sequential>>; p50_multiple: number }) | null = null
    if (wanted("floor")) {
      console.log("==> the floor: a sale's rows in one hand-written SQL transaction")
      const run = Date.now().toString(36)
      await waitForStock()
      const perSale = await rowsPerSale(cluster.databaseUrl, 20, async () => {
        for (let n = 0; n < 20; n++) await posSale(pos[0], `F-${run}-${n}`)
      }, waitForStock)
      const oneTill = await sequential(100, (n) => posSale(pos[0], `FS-${run}-${n}`).then(() => undefined))
      await waitForStock()
      const hand = await floorLatency(cluster.databaseUrl, perSale, 200)
      floor = { ...hand, rows_per_sale: perSale, pos_one_till: oneTill, p50_multiple: Math.round((oneTill.p50_ms / Math.max(hand.p50_ms, 0.01)) * 10) / 10 }
      console.log(`   ${hand.rows_written} rows in ${hand.statements} statements: p50 ${hand.p50_ms} ms (${hand.errors} errors${hand.first_error ? `: ${hand.first_error}` : ""}); POS sale p50 ${oneTill.p50_ms} ms = ${floor.p50_multiple}x`)
    }
    let backlog: (Awaited<ReturnType<typeof backlogIngestion>> & { floor?: { rows_per_sale: Awaited<ReturnType<typeof rowsPerSale>>; floor_p50_ms: number; statements: number; ratio: number } }) | null = null
    if (wanted("backlog")) {
      const count = Number(process.env.BENCH_BACKLOG ?? 1000)
      const singles = Number(process.env.BENCH_BACKLOG_SINGLES ?? count)
      console.log(`==> a till's backlog of ${count} sales: batches of 100 vs ${singles} single sales, one request at a time`)
      backlog = await backlogIngestion(pos[0], count, 100, singles, waitForStock)
      // The floor under a batched sale: the rows one sale of a batch writes, in one hand-written SQL transaction.
      const perSale = await rowsPerSale(cluster.databaseUrl, 100, batchedSalesWork(pos[0], 100, 100), waitForStock)
      const hand = await floorLatency(cluster.databaseUrl, perSale, 200)
      backlog.floor = { rows_per_sale: perSale, floor_p50_ms: hand.p50_ms, statements: hand.statements, ratio: Math.round((backlog.batched.ms_per_sale_p50 / Math.max(hand.p50_ms, 0.01)) * 10) / 10 }
      console.log(`   batches: ${backlog.batched.sales_per_second} sales/s (${backlog.batched.ms_per_sale_p50} ms a sale); single sales: ${backlog.single.sales_per_second}/s; floor ${hand.p50_ms} ms = ${backlog.floor.ratio}x`)
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
    let customerActivity: Awaited<ReturnType<typeof customerActivityWithAThousandChains>> | null = null
    if (wanted("customer-activity")) {
      console.log("==> a customer's activity across channels: 1,000 chains among 1,000,000 operations")
      customerActivity = await customerActivityWithAThousandChains(cluster.databaseUrl, admin, 300)
      const { activity: a, medusa_customer: m } = customerActivity
      console.log(`   activity p50 ${a.p50_ms} ms, p99 ${a.p99_ms} ms; Medusa GET /admin/customers/:id p50 ${m.p50_ms} ms, p99 ${m.p99_ms} ms (${customerActivity.p50_ratio}x)`)
    }
    let exported: Awaited<ReturnType<typeof exportAMillionOperations>> | null = null
    if (wanted("export")) {
      console.log("==> CSV export of the million operations (the store's memory sampled from /proc)")
      exported = await exportAMillionOperations(cluster.databaseUrl, admin, cluster.pid("server-a")!)
      console.log(`   ${exported.rows} rows in ${exported.seconds} s (${exported.rows_per_second}/s; psql \\copy of the same rows ${exported.sql_copy_seconds} s); store RSS ${exported.rss_before_mb} MB before, peak ${exported.rss_peak_during_mb} MB during (+${exported.rss_growth_mb} MB)`)
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
    type ByKind = { kind: string; per_request: number }[]
    let statements: { pos_sale: number | null; cart_order: number | null; pos_sale_by_kind: ByKind; pos_addon?: number | null; pos_addon_by_kind?: ByKind; batched_sale?: number | null; batched_sale_by_kind?: { kind: string; per_sale: number }[] } = { pos_sale: null, cart_order: null, pos_sale_by_kind: [] }
    if (counter.available) {
      counter.enable()
      try {
        await cluster.start("server-a")
        const store = axios.create({ baseURL: base })
        await cartOrder(store, ctx)
        const sale = await statementsPerPosSale(counter, pos[0])
        statements = {
          pos_sale: sale?.per_request ?? null,
          pos_sale_by_kind: sale?.by_kind ?? [],
          cart_order: await counter.count(3, () => cartOrder(store, ctx)),
        }
        if (wanted("backlog")) {
          const batched = await statementsPerBatchedSale(counter, pos[0], 100)
          statements = { ...statements, batched_sale: batched?.per_sale ?? null, batched_sale_by_kind: batched?.by_kind ?? [] }
        }
        if (wanted("addon")) {
          const addOn = await statementsPerAddOn(counter, pos[0])
          statements = { ...statements, pos_addon: addOn?.per_request ?? null, pos_addon_by_kind: addOn?.by_kind ?? [] }
        }
      } finally {
        counter.disable()
        await cluster.stop("server-a")
      }
    }

    const machine = { cpus: os.cpus().length, cpu: os.cpus()[0]?.model, memory_gb: Math.round(os.totalmem() / 2 ** 30), node: process.version, platform: `${os.platform()} ${os.release()}` }
    const ranAt = new Date().toISOString()
    const results = { ran_at: ranAt, machine, topology: BENCH_TOPOLOGY, seconds_per_level: SECONDS, only: ONLY ?? null, plugin: process.env.BENCH_PLUGIN ?? null, ingestion, addon, floor, backlog, refunds, checkout, lookup, export: exported, customer_activity: customerActivity, statements, profile: { load: profiled, ...profile } }
    // One file per run, committed: the README's tables name the file they come from.
    const file = path.join(__dirname, "results", `${ranAt.slice(0, 19).replace(/:/g, "-")}Z.json`)
    mkdirSync(path.dirname(file), { recursive: true })
    writeFileSync(file, JSON.stringify(results, null, 2) + "\n")

    console.log("")
    console.log(`machine: ${machine.cpus} cores (${machine.cpu}), ${machine.memory_gb} GiB, Node ${machine.node}; store: ${BENCH_TOPOLOGY}`)
    if (ingestion.length) console.table(
      ingestion.flatMap((r) => [
        { path: "POS sale (ours)", clients: r.concurrency, "req/s": r.pos.per_second, p50: r.pos.p50_ms, p95: r.pos.p95_ms, p99: r.pos.p99_ms, errors: r.pos.errors },
        { path: "Store API cart flow (Medusa)", clients: r.concurrency, "req/s": r.cart.per_second, p50: r.cart.p50_ms, p95: r.cart.p95_ms, p99: r.cart.p99_ms, errors: r.cart.errors },
        { path: "ratio (throughput)", clients: r.concurrency, "req/s": `${r.throughput_ratio}x` },
      ])
    )
    if (addon.length) console.table(addon.map((r) => ({ path: "POS add-on to an existing order (ours)", clients: r.concurrency, "req/s": r.addon.per_second, p50: r.addon.p50_ms, p95: r.addon.p95_ms, p99: r.addon.p99_ms, errors: r.addon.errors })))
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
    if (floor) console.table([
      { path: "POS sale, 1 till, one at a time (ours)", n: floor.pos_one_till.requests, p50: floor.pos_one_till.p50_ms, p99: floor.pos_one_till.p99_ms },
      { path: `floor: ${floor.rows_written} rows in one SQL transaction (${floor.statements} statements)`, n: floor.transactions, p50: floor.p50_ms, p99: floor.p99_ms },
      { path: "POS sale p50 / floor p50", n: "", p50: `${floor.p50_multiple}x` },
    ])
    if (backlog) console.table([
      { path: `backlog through batches of ${backlog.batch_size} (ours)`, sales: backlog.sales, "sales/s": backlog.batched.sales_per_second, "batch p50": backlog.batched.batch.p50_ms, "ms a sale": backlog.batched.ms_per_sale_p50 },
      { path: "backlog through single sales, one at a time (ours)", sales: backlog.single.sales, "sales/s": backlog.single.sales_per_second, "batch p50": "", "ms a sale": backlog.single.request.p50_ms },
      { path: "batched / single (throughput)", sales: "", "sales/s": `${backlog.speedup}x` },
      ...(backlog.floor ? [{ path: `floor of a batched sale: its rows in one SQL transaction (${backlog.floor.statements} statements)`, sales: "", "sales/s": "", "batch p50": "", "ms a sale": backlog.floor.floor_p50_ms }, { path: "batched sale / floor", sales: "", "sales/s": "", "batch p50": "", "ms a sale": `${backlog.floor.ratio}x` }] : []),
    ])
    if (statements.batched_sale !== undefined) {
      console.log(`SQL statements per sale in a batch of 100: ${statements.batched_sale ?? "n/a"}`)
      if (statements.batched_sale_by_kind?.length) console.table(statements.batched_sale_by_kind.slice(0, 30))
    }
    console.log(`SQL statements per request: POS sale ${statements.pos_sale ?? "n/a"}, Store API cart order ${statements.cart_order ?? "n/a"} (all 9 requests)`)
    if (statements.pos_sale_by_kind.length) console.table(statements.pos_sale_by_kind.slice(0, 30))
    if (statements.pos_addon_by_kind?.length) {
      console.log(`SQL statements per till add-on (one line on an existing order, cash): ${statements.pos_addon ?? "n/a"}`)
      console.table(statements.pos_addon_by_kind.slice(0, 30))
    }
    console.log(`CPU profile of the POS path (${profiled.requests} sales, ${profile.total_ms} ms on CPU):`)
    console.table(Object.entries(profile.by_owner).map(([owner, ms]) => ({ owner, ms, share: `${Math.round((ms / profile.total_ms) * 100)}%` })))
    console.table(profile.top)
    console.log("time under each of our functions (innermost plugin frame on the stack, Medusa/ORM calls included):")
    console.table(profile.ours_inclusive)
    console.log(`bench: ${Math.round((Date.now() - started) / 1000)} s; results in ${path.relative(process.cwd(), file)}`)
  } finally {
    await cluster.stopAll()
  }
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
