import { Cluster } from "../integration-tests/helpers/store-cluster"

/** With BENCH_WORKER=1: an HTTP server and a worker instance on Redis, as a production store runs. */
export const BENCH_TOPOLOGY = process.env.BENCH_WORKER === "1" ? "server + worker (Redis)" : "one shared instance (no Redis)"

/**
 * The benchmarked store on its own database: by default one `medusa start` instance doing
 * both HTTP and the worker's work (subscribers, jobs), no Redis; with BENCH_WORKER=1 the
 * subscribers (a sale's stock application among them) run on a worker instance instead.
 */
export function benchStore() {
  const split = process.env.BENCH_WORKER === "1"
  return new Cluster(
    {},
    {
      databaseUrl: process.env.BENCH_DATABASE_URL ?? "postgres://postgres@localhost:5432/omnichannel_bench",
      redisUrl: split ? "redis://127.0.0.1:6379/9" : null,
      instances: split
        ? { "server-a": { port: 9400, mode: "server" }, worker: { port: 9401, mode: "worker" } }
        : { "server-a": { port: 9400, mode: "shared" } },
      logDir: "/tmp/omni-bench",
    }
  )
}
