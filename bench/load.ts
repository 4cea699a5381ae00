import { performance } from "node:perf_hooks"

export type LoadResult = {
  concurrency: number
  requests: number
  errors: number
  seconds: number
  per_second: number
  p50_ms: number
  p95_ms: number
  p99_ms: number
  /** What the first failed unit threw, so a run with errors says why. */
  first_error?: string
}

export const percentile = (sorted: number[], p: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : 0

export function summarize(latencies: number[], concurrency: number, errors: number, seconds: number, firstError?: string): LoadResult {
  const sorted = [...latencies].sort((a, b) => a - b)
  const round = (n: number) => Math.round(n * 10) / 10
  return {
    concurrency,
    requests: latencies.length,
    errors,
    seconds: round(seconds),
    per_second: round(latencies.length / seconds),
    p50_ms: round(percentile(sorted, 50)),
    p95_ms: round(percentile(sorted, 95)),
    p99_ms: round(percentile(sorted, 99)),
    ...(firstError ? { first_error: firstError } : {}),
  }
}

const describe = (err: unknown) => (err instanceof Error ? err.message : String(err)).slice(0, 300)

/**
 * A closed loop: `concurrency` clients, each starting its next unit of work when the last
 * one ends, for `seconds` after a warm-up. A unit that throws counts as an error, not as a
 * latency. `work` gets the client's number and a running count, to make its ids unique.
 */
export async function closedLoop(
  concurrency: number,
  seconds: number,
  work: (client: number, n: number) => Promise<void>,
  warmupSeconds = 2
): Promise<LoadResult> {
  let n = 0
  const run = async (until: number, record: boolean, latencies: number[], errors: { count: number; first?: string }) => {
    await Promise.all(
      Array.from({ length: concurrency }, async (_, client) => {
        while (performance.now() < until) {
          const t0 = performance.now()
          try {
            await work(client, n++)
            if (record) latencies.push(performance.now() - t0)
          } catch (err) {
            if (record) {
              errors.count++
              errors.first ??= describe(err)
            }
          }
        }
      })
    )
  }
  await run(performance.now() + warmupSeconds * 1000, false, [], { count: 0 })
  const latencies: number[] = []
  const errors: { count: number; first?: string } = { count: 0 }
  const started = performance.now()
  await run(started + seconds * 1000, true, latencies, errors)
  return summarize(latencies, concurrency, errors.count, (performance.now() - started) / 1000, errors.first)
}

/** One request at a time, `count` times: for paths whose ratio matters more than their load. */
export async function sequential(count: number, work: (n: number) => Promise<void>): Promise<LoadResult> {
  const latencies: number[] = []
  let errors = 0
  let first: string | undefined
  const started = performance.now()
  for (let n = 0; n < count; n++) {
    const t0 = performance.now()
    try {
      await work(n)
      latencies.push(performance.now() - t0)
    } catch (err) {
      errors++
      first ??= describe(err)
    }
  }
  return summarize(latencies, 1, errors, (performance.now() - started) / 1000, first)
}
