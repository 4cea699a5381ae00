import type { ReconcilableChain, ReconcilableOperation } from "../../../modules/omnichannel/services/reconciliations"
import { computeTotals } from "../../../modules/omnichannel/utils/totals"
import { acquirerMismatches, acquirerPayments, chainWithoutOrder, ledgerAtAcquirer, orderMismatch, stuckOperations } from "../compare"

let n = 0
const op = (o: Partial<ReconcilableOperation>): ReconcilableOperation => ({
  id: `oop_${++n}`,
  type: "payment",
  channel: "online",
  method: "card",
  status: "succeeded",
  amount: 1000,
  parent_operation_id: null,
  acquirer_reference: `REF-${n}`,
  created_at: new Date(),
  updated_at: new Date(),
  ...o,
})
const chain = (operations: ReconcilableOperation[], created_at = new Date()): ReconcilableChain => ({
  id: "ochain_1",
  payment_id: "1234567890123456789",
  currency_code: "EUR",
  created_at,
  operations,
  totals: computeTotals(operations),
})

describe("what reconciliation compares", () => {
  it("the acquirer's payments: online and link card payments it answered; not a till's, not in kind, not failed", () => {
    const auth = op({ type: "authorization" })
    const link = op({ channel: "pay_by_link" })
    const ops = [auth, link, op({ channel: "in_store" }), op({ method: "cash", acquirer_reference: null }), op({ status: "failed" })]
    expect(acquirerPayments(chain(ops)).map((o) => o.id)).toEqual([auth.id, link.id])
  })

  it("what the acquirer should hold: SALEs and the captures of its own authorizations; card refunds only", () => {
    const auth = op({ type: "authorization", amount: 5000 })
    const till = op({ type: "authorization", channel: "in_store", method: "card", amount: 900 })
    const ops = [
      auth,
      op({ type: "capture", parent_operation_id: auth.id, amount: 3000 }),
      op({ type: "capture", parent_operation_id: auth.id, amount: 400, status: "failed" }),
      op({ type: "payment", amount: 700 }),
      op({ type: "refund", amount: 200 }),
      op({ type: "refund", method: "store_credit", amount: 150 }),
    ]
    const c = chain(ops)
    expect(ledgerAtAcquirer(c, acquirerPayments(c))).toEqual({ captured: 3700, refunded: 200 })
    // A till's card payment on the chain: its capture is the terminal's, and refunds may have gone against it.
    const mixed = chain([...ops, till, op({ type: "capture", parent_operation_id: till.id, amount: 900 })])
    expect(ledgerAtAcquirer(mixed, acquirerPayments(mixed))).toEqual({ captured: 3700, refunded: null })
  })

  it("lists a mismatch only where the sums differ, with both amounts in words", () => {
    const c = chain([op({ amount: 1000 })])
    const record = (captured: number, refunded: number) => ({ reference: "R", currency_code: "EUR", status: "CAPTURED", captured, refunded })
    expect(acquirerMismatches(c, "sandbox", { captured: 1000, refunded: 0 }, [record(600, 0), record(400, 0)])).toEqual([])
    const found = acquirerMismatches(c, "sandbox", { captured: 1000, refunded: 0 }, [record(1000, 250)])
    expect(found.map((d) => [d.kind, d.expected, d.actual])).toEqual([["acquirer_refunded_mismatch", 0, 250]])
    expect(found[0].message).toContain("0.00 EUR refunded to the card, but the acquirer (sandbox) shows 2.50 EUR")
    expect(acquirerMismatches(c, "sandbox", { captured: 1000, refunded: null }, [record(1000, 250)])).toEqual([])
  })

  it("orders: equal sums are no difference; Medusa's amount finer than the currency is one", () => {
    const c = chain([op({})])
    expect(orderMismatch("order_paid_mismatch", c, "order_1", 1, 1000, 1000)).toBeNull()
    expect(orderMismatch("order_refunded_mismatch", c, "order_1", 2, 0, null)).toEqual(
      expect.objectContaining({ kind: "order_refunded_mismatch", expected: 0, actual: null, order_id: "order_1" })
    )
  })

  it("stuck after 15 minutes pending; money without an order after an hour, authorizations alone are no money taken", () => {
    const now = Date.now()
    const young = op({ status: "pending", created_at: new Date(now - 14 * 60_000) })
    const old = op({ status: "pending", created_at: new Date(now - 16 * 60_000) })
    expect(stuckOperations(chain([young, old]), now).map((d) => d.operation_id)).toEqual([old.id])
    const hourAgo = new Date(now - 61 * 60_000)
    expect(chainWithoutOrder(chain([op({ amount: 1200 })], hourAgo), now)).toEqual(expect.objectContaining({ kind: "chain_without_order", expected: 1200 }))
    expect(chainWithoutOrder(chain([op({ amount: 1200 })], new Date(now - 30 * 60_000)), now)).toBeNull()
    expect(chainWithoutOrder(chain([op({ type: "authorization" })], hourAgo), now)).toBeNull()
  })
})
