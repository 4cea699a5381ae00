import axios, { type AxiosInstance } from "axios"
import { Pool } from "pg"
import type { SeedResult } from "../../src/scripts/seed"
import type { WorldlineDirectServer } from "../helpers/worldline-direct-server"
import type { Cluster, InstanceName } from "../helpers/store-cluster"
import { adminClient } from "../helpers/running-store"

export type Figure = { scenario: string; figure: string; value: number | string; expected?: number | string }

/** What every scenario gets: the running cluster, the acquirer, clients and the database. */
export class Harness {
  readonly figures: Figure[] = []
  readonly failures: string[] = []
  /** Every full card number the suite used, for the scan at the end. */
  readonly cardNumbers = new Set<string>()
  admin!: Record<"server-a" | "server-b", AxiosInstance>
  seed!: SeedResult
  readonly db: Pool

  constructor(readonly cluster: Cluster, readonly acquirer: WorldlineDirectServer) {
    this.db = new Pool({ connectionString: cluster.databaseUrl, max: 4 })
  }

  async login() {
    this.admin = {
      "server-a": await adminClient(this.cluster.url("server-a")),
      "server-b": await adminClient(this.cluster.url("server-b")),
    }
  }

  /** A storefront client on one instance (answers of every status come back, not thrown). */
  store(name: InstanceName): AxiosInstance {
    return axios.create({ baseURL: this.cluster.url(name), validateStatus: () => true })
  }

  /** Records a figure; with `expected`, a different value is a failure. */
  figure(scenario: string, figure: string, value: number | string, expected?: number | string) {
    this.figures.push({ scenario, figure, value, expected })
    if (expected !== undefined && value !== expected) this.failures.push(`${scenario}: ${figure} was ${value}, expected ${expected}`)
  }

  check(scenario: string, ok: boolean, message: string) {
    if (!ok) this.failures.push(`${scenario}: ${message}`)
  }

  async query<T = any>(sql: string, params: unknown[] = []): Promise<T[]> {
    return (await this.db.query(sql, params)).rows as T[]
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** Runs `work` over `items` with at most `concurrency` at a time. */
export async function pool<T, R>(items: T[], concurrency: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length)
  let next = 0
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) {
        const i = next++
        results[i] = await work(items[i], i)
      }
    })
  )
  return results
}

/** Counts answers as "201", "409 REFUND_ORDER_LOCKED", ... */
export function tally(outcomes: string[]): Record<string, number> {
  const counts: Record<string, number> = {}
  for (const o of outcomes) counts[o] = (counts[o] ?? 0) + 1
  return counts
}

export const outcomeOf = (res: { status: number; data?: any }) => (res.status < 300 ? String(res.status) : `${res.status} ${res.data?.code ?? res.data?.type ?? ""}`.trim())
