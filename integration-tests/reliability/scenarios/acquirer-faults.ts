import { capturedOnlineChain, onlineOrder } from "../fixtures"
import { outcomeOf, type Harness } from "../harness"

const SCENARIO = "acquirer faults"
const UNAVAILABLE = { kind: "error" as const, status: 503, errorCode: "1503", id: "SERVICE_UNAVAILABLE", retriable: true }
// The store retries an acquirer call 6 times (OMNI_ACQUIRER_RETRY_ATTEMPTS): 10 outlast it.
const OUTAGE = 10

type Fault = Parameters<Harness["acquirer"]["inject"]>[0]
type Case = { name: string; faults: [Fault, number][]; expect: "done" | "refused-then-retried" | "refused" }

const CASES: Case[] = [
  { name: "2 x 503", faults: [[UNAVAILABLE, 2]], expect: "done" },
  { name: "slow answer past the timeout", faults: [[{ kind: "slow", ms: 1500 }, 1]], expect: "done" },
  { name: "answer lost after the money moved", faults: [[{ kind: "lose_answer" }, 1]], expect: "done" },
  { name: "answer lost, then an outage", faults: [[{ kind: "lose_answer" }, 1], [UNAVAILABLE, OUTAGE]], expect: "refused-then-retried" },
]

/**
 * Checkout, refund and payout each meet acquirer errors, timeouts, slow and lost answers,
 * one call at a time so each fault hits the call it is meant for. What the acquirer moved
 * is compared with what the store recorded after each case and for the whole run.
 */
export async function acquirerFaults(h: Harness) {
  const admin = h.admin["server-a"]
  let cases = 0
  let wrong = 0
  const movedFor = (since: number, kind: string) => h.acquirer.charges.slice(since).filter((c) => c.kind === kind)
  const inject = (c: Case) => c.faults.forEach(([fault, count]) => h.acquirer.inject(fault, count))

  for (const c of CASES.filter((c) => c.expect === "done")) {
    cases++
    const since = h.acquirer.charges.length
    inject(c)
    const order = await onlineOrder(h, "server-a")
    h.acquirer.clearFaults()
    const moved = movedFor(since, "authorize")
    if (!order.order_id || moved.length !== 1) {
      wrong++
      h.check(SCENARIO, false, `checkout with ${c.name}: order ${order.order_id ?? "none"}, ${moved.length} authorizations at the acquirer`)
    }
  }
  {
    // An outage with nothing moved: the checkout fails, and nothing is recorded as paid.
    cases++
    const since = h.acquirer.charges.length
    h.acquirer.inject(UNAVAILABLE, OUTAGE)
    const order = await onlineOrder(h, "server-a")
    h.acquirer.clearFaults()
    if (order.order_id || movedFor(since, "authorize").length !== 0) {
      wrong++
      h.check(SCENARIO, false, `checkout during an outage made order ${order.order_id} / moved money`)
    }
  }

  const chain = await capturedOnlineChain(h, "server-a")
  for (const [kind, path, body] of [
    ["refund", "refunds", (i: number) => ({ amount: 100 + i, currency_code: "EUR", reference: `FAULT-${i}` })],
    ["payout", "payouts", (i: number) => ({ amount: 200 + i, currency_code: "EUR", reason: `goodwill after fault case ${i}` })],
  ] as const) {
    for (const [i, c] of CASES.entries()) {
      cases++
      const since = h.acquirer.charges.length
      const key = `fault-${kind}-${i}-${Date.now()}`
      const url = `/admin/omnichannel/chains/${chain.payment_id}/${path}`
      inject(c)
      let res = await admin.post(url, body(i), { headers: { "idempotency-key": key } })
      h.acquirer.clearFaults()
      if (c.expect === "refused-then-retried") {
        h.check(SCENARIO, res.status === 502, `${kind} with ${c.name} answered ${outcomeOf(res)}, expected 502 ACQUIRER_UNAVAILABLE`)
        res = await admin.post(url, body(i), { headers: { "idempotency-key": key } })
      }
      const moved = movedFor(since, kind)
      if (res.status !== 201 || moved.length !== 1 || moved[0].amount !== body(i).amount) {
        wrong++
        h.check(SCENARIO, false, `${kind} with ${c.name}: answered ${outcomeOf(res)}, acquirer moved ${moved.map((m) => m.amount).join(", ") || "nothing"}`)
      }
    }
  }
  h.figure(SCENARIO, "fault cases (checkout, refund, payout)", cases)
  h.figure(SCENARIO, "cases with money recorded or moved wrongly", wrong, 0)
}
