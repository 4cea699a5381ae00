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
      return (await this.statements(times, work))?.per_request ?? null
    },
    /** Statements per request, and how many of each kind (verb and table), most first. */
    async statements(times: number, work: (n: number) => Promise<unknown>, afterMs = 500) {
      if (!existsSync(PG_LOG)) return null
      const from = statSync(PG_LOG).size
      for (let n = 0; n < times; n++) await work(n)
      await new Promise((r) => setTimeout(r, afterMs))
      const text = readFileSync(PG_LOG).subarray(from).toString("utf8")
      const lines = text.split("\n").filter((l) => l.includes(`@${db} `) && /LOG:\s+(statement|execute)/.test(l))
      const kinds = new Map<string, number>()
      for (const line of lines) kinds.set(kindOf(line), (kinds.get(kindOf(line)) ?? 0) + 1)
      const per = (n: number) => Math.round((n / times) * 10) / 10
      return {
        per_request: per(lines.length),
        by_kind: [...kinds.entries()].sort((a, b) => b[1] - a[1]).map(([kind, n]) => ({ kind, per_request: per(n) })),
      }
    },
  }
}

/** "insert omnichannel_operation", "select order", "begin"...: what a logged statement does, to what. */
function kindOf(line: string): string {
  const sql = line.replace(/^.*LOG:\s+(statement|execute [^:]*):\s*/, "").trim().toLowerCase()
  const verb = sql.split(/\s+/)[0]?.replace(/;$/, "") ?? "?"
  const table = /(?:from|into|update|join)\s+"?(?:public"?\."?)?([a-z_][a-z0-9_]*)"?/.exec(sql)?.[1]
  return table && ["select", "insert", "update", "delete", "with"].includes(verb) ? `${verb} ${table}` : verb
}

/**
 * A POS sale's statements, its stock movements (applied by a subscriber just after the
 * answer) included: the count waits 2 s after the last sale, with nothing else on the database.
 */
export async function statementsPerPosSale(counter: ReturnType<typeof statementCounter>, till: PosClient) {
  const run = Date.now().toString(36)
  await posSale(till, `Q-${run}-warm`)
  return counter.statements(10, (n) => posSale(till, `Q-${run}-${n}`), 2000)
}
