import { randomInt } from "node:crypto"
import { capturedOnlineChain, till } from "../fixtures"
import { outcomeOf, pool, tally, type Harness } from "../harness"

const SCENARIO = "refund storm"
const CHAINS = 10
const ATTEMPTS = 1000
const CONCURRENCY = 24
// The answers a refund may get under contention; anything else (a 5xx above all) is a defect.
const EXPECTED = new Set(["201", "409 REFUND_ORDER_LOCKED", "422 REFUND_EXCEEDS_PAID"])

/**
 * 1,000 refund attempts at ten paid chains, spread over both server instances and over
 * the admin and POS routes, 24 at a time, a tenth of them repeating an earlier reference.
 * No chain may end refunded above what was paid; every success must be on the chain, in
 * Medusa's order and at the acquirer exactly once; losers get REFUND_ORDER_LOCKED.
 */
export async function refundStorm(h: Harness) {
  const chains = await pool(Array.from({ length: CHAINS }), 2, (_, i) => capturedOnlineChain(h, i % 2 ? "server-b" : "server-a"))
  const tills = { "server-a": (await till(h, "Storm till A", "server-a")).client, "server-b": (await till(h, "Storm till B", "server-b")).client }

  type Attempt = { chain: (typeof chains)[number]; amount: number; reference: string; on: "server-a" | "server-b"; via: "admin" | "pos" }
  const attempts: Attempt[] = []
  for (let i = 0; i < ATTEMPTS; i++) {
    const chain = chains[i % CHAINS]
    const repeat = i >= CHAINS * 10 && randomInt(0, 10) === 0
    attempts.push({
      chain,
      // Small enough that many succeed before the chain runs out.
      amount: randomInt(1, Math.ceil(chain.paid / 40)),
      reference: repeat ? attempts[i - CHAINS * randomInt(1, 10)].reference : `STORM-${i}`,
      on: randomInt(0, 2) ? "server-b" : "server-a",
      via: randomInt(0, 3) ? "admin" : "pos",
    })
  }

  const answers = await pool(attempts, CONCURRENCY, async (a) => {
    const body = { amount: a.amount, currency_code: "EUR", reference: a.reference }
    const res =
      a.via === "admin"
        ? await h.admin[a.on].post(`/admin/omnichannel/chains/${a.chain.payment_id}/refunds`, body)
        : await tills[a.on].refunds({ payment_id: a.chain.payment_id, ...body })
    return { attempt: a, status: res.status, outcome: outcomeOf(res), operation: res.data?.operation }
  })

  const outcomes = tally(answers.map((a) => a.outcome))
  for (const [outcome, count] of Object.entries(outcomes)) {
    h.check(SCENARIO, EXPECTED.has(outcome), `${count} answers were ${outcome}`)
  }
  h.figure(SCENARIO, "refund attempts (2 instances, admin + POS)", answers.length, ATTEMPTS)
  h.figure(SCENARIO, "refunds made", outcomes["201"] ?? 0)
  h.figure(SCENARIO, "refused REFUND_ORDER_LOCKED", outcomes["409 REFUND_ORDER_LOCKED"] ?? 0)
  h.figure(SCENARIO, "refused REFUND_EXCEEDS_PAID", outcomes["422 REFUND_EXCEEDS_PAID"] ?? 0)
  h.figure(SCENARIO, "5xx answers", answers.filter((a) => a.status >= 500).length, 0)
  h.check(SCENARIO, (outcomes["201"] ?? 0) > CHAINS, `only ${outcomes["201"] ?? 0} refunds went through`)
  h.check(SCENARIO, (outcomes["409 REFUND_ORDER_LOCKED"] ?? 0) > 0, "no attempt met the lock: the storm was not concurrent")

  let overRefunded = 0
  let doubleReferences = 0
  let unaccounted = 0
  for (const chain of chains) {
    const view = (await h.admin["server-a"].get(`/admin/omnichannel/chains/${chain.payment_id}`)).data.chain
    if (view.totals.refunded > view.totals.paid) overRefunded++
    const refunds = view.operations.filter((o: any) => o.type === "refund" && o.status === "succeeded")
    const references = refunds.map((o: any) => o.reference)
    doubleReferences += references.length - new Set(references).size
    const answered = answers.filter((a) => a.attempt.chain === chain && a.status === 201).reduce((s, a) => s + a.attempt.amount, 0)
    if (answered !== view.totals.refunded) unaccounted++
  }
  h.figure(SCENARIO, "chains refunded above what was paid", overRefunded, 0)
  h.figure(SCENARIO, "references refunded twice", doubleReferences, 0)
  h.figure(SCENARIO, "chains whose refunds differ from the 201s", unaccounted, 0)
  return chains
}
