import { execFileSync } from "node:child_process"
import { readFileSync } from "node:fs"
import type { Harness } from "../harness"

const SCENARIO = "card numbers at rest"

/**
 * Every full card number the suite used (typed into the platform's hosted form at the
 * storefront checkouts, and the cards behind the tills' offline tokens) is searched for in
 * a dump of the whole database, in every instance's log and in every request body the
 * instances received, also with spaces or dashes between digit groups.
 */
export async function cardNumbersAtRest(h: Harness) {
  const dump = execFileSync("pg_dump", ["--data-only", h.cluster.databaseUrl], { maxBuffer: 1 << 30 }).toString()
  const logs = [...h.cluster.logFiles(), ...h.cluster.requestBodyFiles()].map((file) => ({ file, text: readFileSync(file, "utf8") }))
  const bodies = h.cluster.requestBodyFiles().map((file) => readFileSync(file, "utf8")).join("\n")
  // The recording must hold what the store received: checkouts' hosted-form tokens and tills' sales.
  h.check(SCENARIO, bodies.includes('"hosted_tokenization_id"') && bodies.includes('"sale_id"'), "the request recording does not hold the checkouts' and tills' bodies")
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
  h.figure(SCENARIO, "log and request-body files searched", logs.length)
  h.figure(SCENARIO, "request bytes recorded (MB)", Math.round(bodies.length / 1e5) / 10)
  h.figure(SCENARIO, "card numbers found", found.length, 0)
  found.forEach((f) => h.check(SCENARIO, false, `card number in ${f}`))
}
