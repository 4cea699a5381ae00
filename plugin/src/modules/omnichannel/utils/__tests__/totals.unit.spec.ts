import fc from "fast-check"
import { computeTotals, remainingAuthorization } from "../totals"

type Op = Parameters<typeof computeTotals>[0][number]
let nextId = 0
const op = (fields: Partial<Op> & Pick<Op, "type" | "amount">): Op => ({
  id: `op_${++nextId}`,
  channel: "online",
  status: "succeeded",
  ...fields,
})

describe("computeTotals", () => {
  it("of no operations is all zero", () => {
    expect(computeTotals([])).toEqual({ paid: 0, refunded: 0, paid_out: 0, refundable: 0, authorized: 0, by_channel: {}, by_method: {} })
  })

  it("counts sales and captures as paid, refunds as refunded, payouts apart; only succeeded ones", () => {
    const totals = computeTotals([
      op({ type: "payment", amount: 3000, channel: "in_store", method: "cash" }),
      op({ type: "payment", amount: 1000, status: "failed" }),
      op({ type: "payment", amount: 700, status: "pending" }),
      op({ type: "refund", amount: 500, channel: "in_store", method: "cash" }),
      op({ type: "refund", amount: 400, status: "pending" }),
      op({ type: "refund", amount: 300, status: "failed" }),
      op({ type: "payout", amount: 2500 }),
      op({ type: "payout", amount: 9999, status: "failed" }),
    ])
    expect(totals).toEqual({
      paid: 3000,
      refunded: 500,
      paid_out: 2500,
      // A payout is the merchant's own money: it leaves what can be refunded as it was.
      refundable: 2500,
      authorized: 0,
      by_channel: { in_store: { paid: 3000, refunded: 500 } },
      by_method: { cash: { paid: 3000, refunded: 500 } },
    })
  })

  it("an order authorized online, captured in part, then partly refunded and the rest of the hold cancelled", () => {
    const auth = op({ type: "authorization", amount: 10_000 })
    const captured = op({ type: "capture", amount: 4000, parent_operation_id: auth.id })
    const ops = [auth, captured]
    expect(computeTotals(ops)).toMatchObject({ paid: 4000, authorized: 6000, refundable: 4000 })

    ops.push(op({ type: "capture", amount: 1000, parent_operation_id: auth.id, status: "pending" }))
    ops.push(op({ type: "capture", amount: 2000, parent_operation_id: auth.id, status: "failed" }))
    // The totals show money moved: a pending capture still holds its share on the card.
    expect(computeTotals(ops)).toMatchObject({ paid: 4000, authorized: 6000 })

    ops.push(op({ type: "refund", amount: 1500, parent_operation_id: captured.id }))
    expect(computeTotals(ops)).toMatchObject({ paid: 4000, refunded: 1500, refundable: 2500, authorized: 6000 })

    ops.push(op({ type: "cancel", amount: 6000, parent_operation_id: auth.id }))
    const totals = computeTotals(ops)
    expect(totals).toMatchObject({ paid: 4000, refunded: 1500, refundable: 2500, authorized: 0 })
    expect(totals.by_channel).toEqual({ online: { paid: 4000, refunded: 1500 } })
    // Operations written before tenders existed have no method: they were card movements.
    expect(totals.by_method).toEqual({ card: { paid: 4000, refunded: 1500 } })
  })

  it("a pending or failed cancel leaves the hold; an authorization not yet succeeded holds nothing", () => {
    const auth = op({ type: "authorization", amount: 2400 })
    const pendingAuth = op({ type: "authorization", amount: 900, status: "pending" })
    const ops = [
      auth,
      pendingAuth,
      op({ type: "cancel", amount: 2400, parent_operation_id: auth.id, status: "pending" }),
      op({ type: "cancel", amount: 2400, parent_operation_id: auth.id, status: "failed" }),
    ]
    expect(computeTotals(ops).authorized).toBe(2400)
  })

  it("keeps each channel's and each tender's money apart and adds them up to the chain's", () => {
    const channel = fc.constantFrom("online", "in_store", "pay_by_link")
    const method = fc.constantFrom("card", "cash", "gift_card", "store_credit", null)
    const operation = fc.record({
      type: fc.constantFrom("payment", "capture", "refund", "payout"),
      amount: fc.integer({ min: 0, max: 10_000_000 }),
      status: fc.constantFrom("pending", "succeeded", "failed"),
      channel,
      method,
    })
    fc.assert(
      fc.property(fc.array(operation, { maxLength: 20 }), (spec) => {
        const ops = spec.map((o) => op(o))
        const totals = computeTotals(ops)
        const succeeded = (...types: string[]) =>
          ops.filter((o) => o.status === "succeeded" && types.includes(o.type)).reduce((s, o) => s + o.amount, 0)
        const sum = (parts: { paid: number; refunded: number }[], key: "paid" | "refunded") => parts.reduce((s, p) => s + p[key], 0)
        expect(totals.paid).toBe(succeeded("payment", "capture"))
        expect(totals.refunded).toBe(succeeded("refund"))
        expect(totals.paid_out).toBe(succeeded("payout"))
        expect(totals.refundable).toBe(totals.paid - totals.refunded)
        for (const key of ["paid", "refunded"] as const) {
          expect(sum(Object.values(totals.by_channel), key)).toBe(totals[key])
          expect(sum(Object.values(totals.by_method), key)).toBe(totals[key])
        }
        expect(Number.isInteger(totals.refundable)).toBe(true)
      })
    )
  })
})

describe("remainingAuthorization", () => {
  const auth = op({ type: "authorization", amount: 10_000 })
  const others = op({ type: "authorization", amount: 5000 })
  const ops = [
    auth,
    others,
    op({ type: "capture", amount: 3000, parent_operation_id: auth.id }),
    op({ type: "capture", amount: 2000, parent_operation_id: auth.id, status: "pending" }),
    op({ type: "capture", amount: 1000, parent_operation_id: auth.id, status: "failed" }),
    op({ type: "capture", amount: 5000, parent_operation_id: others.id }),
  ]

  it("takes off pending and succeeded captures of that authorization by default (what the rules hold back)", () => {
    expect(remainingAuthorization(auth, ops)).toBe(5000)
    expect(remainingAuthorization(others, ops)).toBe(0)
  })

  it("takes off only the statuses asked for (the totals count succeeded ones)", () => {
    expect(remainingAuthorization(auth, ops, ["succeeded"])).toBe(7000)
  })

  it("is nothing once a cancel counts, whatever its amount", () => {
    const cancelled = [...ops, op({ type: "cancel", amount: 1, parent_operation_id: auth.id, status: "pending" })]
    expect(remainingAuthorization(auth, cancelled)).toBe(0)
    expect(remainingAuthorization(auth, cancelled, ["succeeded"])).toBe(7000)
  })
})
