import { execFileSync } from "node:child_process"
import { existsSync, readFileSync, statSync } from "node:fs"
import type { PosClient } from "../../plugin/src/pos-client"
import { posSale } from "../flows"

const PG_LOG = process.env.BENCH_PG_LOG ?? "/var/log/postgresql/postgresql-15-main.log"

/**
 * How many SQL statements one request sends, read from PostgreSQL's own log with
 * `log_statement = all` set on the benchmark database only. Null when the log cannot be
 * read on this machine. The store must be started after `enable()` (the setting is read
 * when a connection opens).
 */
export function statementCounter(databaseUrl: string) {
  const db = databaseUrl.split("/").pop()!
  const admin = databaseUrl.replace(/\/[^/]*$/, "/postgres")
  const set = (value: string) => execFileSync("psql", [admin, "-qc", `alter database "${db}" set log_statement = '${value}'`], { stdio: "ignore" })
  return {
    available: existsSync(PG_LOG),
    enable: () => set("all"),
    disable: () => set("none"),
    async count(times: number, work: (n: number) => Promise<unknown>): Promise<number | null> {
      if (!existsSync(PG_LOG)) return null
      const from = statSync(PG_LOG).size
      for (let n = 0; n < times; n++) await work(n)
      await new Promise((r) => setTimeout(r, 500))
      const text = readFileSync(PG_LOG).subarray(from).toString("utf8")
      const lines = text.split("\n").filter((l) => l.includes(`@${db} `) && /LOG:\s+(statement|execute)/.test(l))
      return Math.round((lines.length / times) * 10) / 10
    },
  }
}

export async function statementsPerPosSale(counter: ReturnType<typeof statementCounter>, till: PosClient) {
  const run = Date.now().toString(36)
  await posSale(till, `Q-${run}-warm`)
  return counter.count(10, (n) => posSale(till, `Q-${run}-${n}`))
}
