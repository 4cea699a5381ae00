import { execFileSync } from "node:child_process"
import { readFileSync } from "node:fs"
import type { Harness } from "../harness"

const SCENARIO = "card numbers at rest"

/**
 * Every full card number the suite used (storefront checkouts and the cards behind the
 * tills' offline tokens) is searched for in a dump of the whole database and in every
 * instance's log, also with spaces or dashes between digit groups.
 */
export async function cardNumbersAtRest(h: Harness) {
  const dump = execFileSync("pg_dump", ["--data-only", h.cluster.databaseUrl], { maxBuffer: 1 << 30 }).toString()
  const logs = h.cluster.logFiles().map((file) => ({ file, text: readFileSync(file, "utf8") }))
  // The scan must be able to see what the store wrote: a known payment id is in the dump.
  const [known] = await h.query<{ payment_id: string }>(`select payment_id from omnichannel_chain limit 1`)
  h.check(SCENARIO, !!known && dump.includes(known.payment_id), "the dump does not hold the store's data")
  const found: string[] = []
  for (const pan of h.cardNumbers) {
    const spaced = pan.match(/.{1,4}/g)!
    const forms = [pan, spaced.join(" "), spaced.join("-")]
    if (forms.some((f) => dump.includes(f))) found.push(`database dump: ${pan.slice(0, 6)}…${pan.slice(-4)}`)
    for (const log of logs) if (forms.some((f) => log.text.includes(f))) found.push(`${log.file}: ${pan.slice(0, 6)}…${pan.slice(-4)}`)
  }
  h.figure(SCENARIO, "card numbers searched for", h.cardNumbers.size)
  h.figure(SCENARIO, "database dump size (MB)", Math.round(dump.length / 1e5) / 10)
  h.figure(SCENARIO, "log files searched", logs.length)
  h.figure(SCENARIO, "card numbers found", found.length, 0)
  found.forEach((f) => h.check(SCENARIO, false, `card number in ${f}`))
}
