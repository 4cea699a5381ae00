/**
 * npm run test:reliability: the reference store as two servers and a worker on one
 * PostgreSQL and one Redis, against the local Worldline Direct server, through load,
 * kills, acquirer faults and generated bad input. Prints a table of figures and exits 1
 * if any check failed.
 */
import { WorldlineDirectServer } from "../helpers/worldline-direct-server"
import { seedOf } from "../helpers/running-store"
import { Cluster } from "../helpers/store-cluster"
import { Harness } from "./harness"
import { reconcileWithAcquirer } from "./reconcile"
import { acquirerFaults } from "./scenarios/acquirer-faults"
import { backlogBatchKilled } from "./scenarios/backlog-batch-kill"
import { cardNumbersAtRest } from "./scenarios/card-numbers"
import { crashRecovery } from "./scenarios/crash-recovery"
import { fuzzRoutes } from "./scenarios/fuzz-routes"
import { posRedelivery } from "./scenarios/pos-redelivery"
import { refundStorm } from "./scenarios/refund-storm"

const SCENARIOS: [string, (h: Harness) => Promise<unknown>][] = [
  ["refund storm", refundStorm],
  ["POS redelivery", posRedelivery],
  ["SIGKILL mid-flight", crashRecovery],
  ["backlog batch killed", backlogBatchKilled],
  ["acquirer faults", acquirerFaults],
  ["fuzzed bodies", fuzzRoutes],
]

async function main() {
  const started = Date.now()
  const acquirer = await new WorldlineDirectServer().start()
  // Enough retries to outlast a slow first call still holding its key (409 1409).
  const cluster = new Cluster(acquirer.env({ OMNI_ACQUIRER_RETRY_ATTEMPTS: "6", OMNI_ACQUIRER_RETRY_BACKOFF_MS: "100" }), { recordRequestBodies: true })
  const h = new Harness(cluster, acquirer)
  const only = process.env.RELIABILITY_ONLY?.split(",")
  try {
    console.log(`==> preparing the store (fresh database, Redis db, build); logs in ${cluster.logDir}`)
    await cluster.prepare()
    console.log("==> starting server-a, server-b and worker")
    await cluster.startAll()
    await h.login()
    h.seed = await seedOf(h.admin["server-a"])
    for (const [name, scenario] of SCENARIOS) {
      if (only && !only.includes(name)) continue
      const t0 = Date.now()
      console.log(`==> ${name}`)
      try {
        await scenario(h)
      } catch (err) {
        h.check(name, false, `stopped: ${(err as Error).stack ?? err}`)
      }
      h.figure(name, "seconds", Math.round((Date.now() - t0) / 1000))
    }
    const money = await reconcileWithAcquirer(h)
    const whole = "whole run vs acquirer"
    h.figure(whole, "operations sent to the acquirer", money.operations)
    h.figure(whole, "acquirer movements matched to an operation", money.acquirer_calls_matched)
    h.figure(whole, "recorded as moved but not moved", money.recorded_not_moved.length, 0)
    h.figure(whole, "moved twice", money.moved_twice.length, 0)
    h.figure(whole, "moved but not recorded", money.moved_not_recorded.length, 0)
    h.figure(whole, "left pending with money moved", money.pending_moved.length, 0)
    // A checkout abandoned during a full outage: the store cannot know, the acquirer moved nothing.
    h.figure(whole, "left pending, nothing moved (checkout in an outage)", money.pending_unmoved.length)
    for (const list of [money.recorded_not_moved, money.moved_twice, money.moved_not_recorded, money.pending_moved]) {
      list.slice(0, 10).forEach((x) => h.check(whole, false, x))
    }
    await cluster.stopAll()
    await cardNumbersAtRest(h)
  } finally {
    await cluster.stopAll()
    await h.db.end()
    await acquirer.stop()
  }

  console.log("")
  console.table(h.figures.map((f) => ({ scenario: f.scenario, figure: f.figure, value: f.value, ...(f.expected !== undefined ? { expected: f.expected } : {}) })))
  console.log(`reliability: ${h.failures.length} failed checks, ${Math.round((Date.now() - started) / 1000)} s`)
  h.failures.forEach((f) => console.log(`  FAIL ${f}`))
  process.exitCode = h.failures.length ? 1 : 0
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
