import { Cluster } from "../integration-tests/helpers/store-cluster"

/** The benchmarked store: one `medusa start` instance (HTTP and worker), no Redis, its own database. */
export function benchStore() {
  return new Cluster(
    {},
    {
      databaseUrl: process.env.BENCH_DATABASE_URL ?? "postgres://postgres@localhost:5432/omnichannel_bench",
      redisUrl: null,
      instances: { "server-a": { port: 9400, mode: "shared" } },
      logDir: "/tmp/omni-bench",
    }
  )
}
