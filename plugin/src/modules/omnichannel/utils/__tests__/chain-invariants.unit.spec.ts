import fc from "fast-check"
import { checkChainInvariants } from "../chain-invariants"
import { computeTotals } from "../totals"
import type { ChainDTO, OperationDTO } from "../../dto"
import type { OperationInput } from "../../types"

// Only what the rules read of a chain and its operations (ids, types, statuses, amounts, tenders).
const chain = { payment_id: "4000000000000000002" } as ChainDTO
let nextId = 0
const op = (fields: Partial<OperationDTO> & Pick<OperationDTO, "type" | "amount">): OperationDTO =>
  ({ id: `op_${++nextId}`, channel: "online", method: "card", status: "succeeded", parent_operation_id: null, reference: null, ...fields }) as OperationDTO
const input = (fields: Partial<OperationInput> & Pick<OperationInput, "type" | "amount">): OperationInput => ({
  channel: "online",
  currency_code: "EUR",
  ...fields,
})

/** The refusal as `{ code, status, field, transient }`, or "allowed". */
function verdict(operation: OperationInput, operations: OperationDTO[]) {
  try {
    checkChainInvariants(chain, operation, operations)
    return "allowed"
  } catch (err) {
    const e = err as { code: string; status: number; field?: string; transient?: boolean }
    return { code: e.code, status: e.status, field: e.field, transient: e.transient === true }
  }
}

describe("checkChainInvariants", () => {
  describe("payments and authorizations", () => {
    it("are allowed on any chain, empty or not", () => {
      expect(verdict(input({ type: "payment", amount: 1500 }), [])).toBe("allowed")
      expect(verdict(input({ type: "authorization", amount: 1500 }), [op({ type: "refund", amount: 100, status: "pending" })])).toBe("allowed")
    })
  })

  describe("captures and cancels", () => {
    const auth = op({ type: "authorization", amount: 10_000 })

    it("need a succeeded authorization of this chain as parent", () => {
      const refused = { code: "OPERATION_NOT_ALLOWED", status: 422, field: "parent_operation_id", transient: false }
      expect(verdict(input({ type: "capture", amount: 100 }), [auth])).toEqual(refused)
      expect(verdict(input({ type: "capture", amount: 100, parent_operation_id: "op_elsewhere" }), [auth])).toEqual(refused)
      const pending = op({ type: "authorization", amount: 10_000, status: "pending" })
      expect(verdict(input({ type: "capture", amount: 100, parent_operation_id: pending.id }), [pending])).toEqual(refused)
      const failed = op({ type: "authorization", amount: 10_000, status: "failed" })
      expect(verdict(input({ type: "cancel", amount: 100, parent_operation_id: failed.id }), [failed])).toEqual(refused)
      const sale = op({ type: "payment", amount: 10_000 })
      expect(verdict(input({ type: "capture", amount: 100, parent_operation_id: sale.id }), [sale])).toEqual(refused)
    })

    it("capture at most what the authorization still holds, counting pending captures and not failed ones", () => {
      const ops = [
        auth,
        op({ type: "capture", amount: 3000, parent_operation_id: auth.id }),
        op({ type: "capture", amount: 2000, parent_operation_id: auth.id, status: "pending" }),
        op({ type: "capture", amount: 4000, parent_operation_id: auth.id, status: "failed" }),
      ]
      expect(verdict(input({ type: "capture", amount: 5000, parent_operation_id: auth.id }), ops)).toBe("allowed")
      expect(verdict(input({ type: "capture", amount: 5001, parent_operation_id: auth.id }), ops)).toEqual({
        code: "CAPTURE_EXCEEDS_AUTHORIZED",
        status: 422,
        field: "amount",
        transient: false,
      })
      expect(verdict(input({ type: "cancel", amount: 5001, parent_operation_id: auth.id }), ops)).toEqual({
        code: "OPERATION_NOT_ALLOWED",
        status: 422,
        field: "amount",
        transient: false,
      })
    })

    it("nothing more once the authorization is cancelled", () => {
      const ops = [auth, op({ type: "cancel", amount: 10_000, parent_operation_id: auth.id })]
      expect(verdict(input({ type: "capture", amount: 1, parent_operation_id: auth.id }), ops)).toMatchObject({ code: "CAPTURE_EXCEEDS_AUTHORIZED" })
      expect(verdict(input({ type: "capture", amount: 0, parent_operation_id: auth.id }), ops)).toBe("allowed")
    })

    it("a yen authorization captured in full leaves nothing to capture (minor units whatever the exponent)", () => {
      const yen = op({ type: "authorization", amount: 2400 })
      const ops = [yen, op({ type: "capture", amount: 2400, parent_operation_id: yen.id })]
      expect(verdict(input({ type: "capture", amount: 1, currency_code: "JPY", parent_operation_id: yen.id }), ops)).toMatchObject({
        code: "CAPTURE_EXCEEDS_AUTHORIZED",
      })
    })
  })

  describe("refunds", () => {
    it("refund at most what was captured or paid, less what was refunded", () => {
      const auth = op({ type: "authorization", amount: 10_000 })
      const ops = [
        op({ type: "payment", amount: 1500 }),
        auth,
        op({ type: "capture", amount: 4000, parent_operation_id: auth.id }),
        op({ type: "capture", amount: 3000, parent_operation_id: auth.id, status: "pending" }),
        op({ type: "capture", amount: 2000, parent_operation_id: auth.id, status: "failed" }),
        op({ type: "refund", amount: 500 }),
        op({ type: "refund", amount: 900, status: "failed" }),
      ]
      // Paid: 1500 + 4000; refunded 500. The authorization's remaining hold, the pending and the failed capture are not money taken.
      expect(verdict(input({ type: "refund", amount: 5000 }), ops)).toBe("allowed")
      expect(verdict(input({ type: "refund", amount: 5001 }), ops)).toEqual({ code: "REFUND_EXCEEDS_PAID", status: 422, field: "amount", transient: false })
    })

    it("an authorization never captured has nothing to refund", () => {
      expect(verdict(input({ type: "refund", amount: 1 }), [op({ type: "authorization", amount: 10_000 })])).toMatchObject({ code: "REFUND_EXCEEDS_PAID" })
      expect(verdict(input({ type: "refund", amount: 1 }), [])).toMatchObject({ code: "REFUND_EXCEEDS_PAID" })
    })

    it("one refund at a time: a pending refund locks the chain for a while (transient 409)", () => {
      const ops = [op({ type: "payment", amount: 3000 }), op({ type: "refund", amount: 100, status: "pending" })]
      expect(verdict(input({ type: "refund", amount: 100 }), ops)).toEqual({ code: "REFUND_ORDER_LOCKED", status: 409, field: "payment_id", transient: true })
    })

    it("a reference already refunded is refused for good; a failed refund's reference may be used again", () => {
      const ops = [op({ type: "payment", amount: 3000 }), op({ type: "refund", amount: 100, reference: "RMA-1" })]
      expect(verdict(input({ type: "refund", amount: 100, reference: "RMA-1" }), ops)).toEqual({
        code: "REFUND_ORDER_LOCKED",
        status: 409,
        field: "reference",
        transient: false,
      })
      expect(verdict(input({ type: "refund", amount: 100, reference: "RMA-2" }), ops)).toBe("allowed")
      const failed = [op({ type: "payment", amount: 3000 }), op({ type: "refund", amount: 100, reference: "RMA-1", status: "failed" })]
      expect(verdict(input({ type: "refund", amount: 100, reference: "RMA-1" }), failed)).toBe("allowed")
    })

    it("cash goes back only at a till", () => {
      const ops = [op({ type: "payment", amount: 3000, method: "cash", channel: "in_store" })]
      expect(verdict(input({ type: "refund", amount: 100, method: "cash" }), ops)).toEqual({
        code: "OPERATION_NOT_ALLOWED",
        status: 422,
        field: "method",
        transient: false,
      })
      expect(verdict(input({ type: "refund", amount: 100, method: "cash", channel: "in_store" }), ops)).toBe("allowed")
    })

    it("to a card only as far as cards paid; the rest in another tender", () => {
      const ops = [
        op({ type: "payment", amount: 1000, method: "cash", channel: "in_store" }),
        op({ type: "payment", amount: 500 }), // a card (the default tender)
        op({ type: "refund", amount: 200, method: "card" }),
      ]
      expect(verdict(input({ type: "refund", amount: 300 }), ops)).toBe("allowed")
      expect(verdict(input({ type: "refund", amount: 301 }), ops)).toEqual({ code: "REFUND_EXCEEDS_PAID", status: 422, field: "amount", transient: false })
      expect(verdict(input({ type: "refund", amount: 1300, method: "store_credit" }), ops)).toBe("allowed")
      expect(verdict(input({ type: "refund", amount: 1301, method: "store_credit" }), ops)).toMatchObject({ code: "REFUND_EXCEEDS_PAID" })
    })

    it("a card refund is allowed exactly when the chain's totals still have that much refundable (no refund pending, all by card)", () => {
      const operation = fc.record({
        type: fc.constantFrom("payment", "capture", "refund", "payout", "authorization" as const),
        amount: fc.integer({ min: 0, max: 100_000 }),
        status: fc.constantFrom("succeeded", "failed" as const),
        channel: fc.constantFrom("online", "in_store" as const),
      })
      fc.assert(
        fc.property(fc.array(operation, { maxLength: 12 }), fc.integer({ min: 0, max: 300_000 }), (spec, amount) => {
          const ops = spec.map((o) => op(o as Partial<OperationDTO> & Pick<OperationDTO, "type" | "amount">))
          const refundable = computeTotals(ops).refundable
          const result = verdict(input({ type: "refund", amount }), ops)
          expect(result === "allowed").toBe(amount <= refundable)
          if (result !== "allowed") expect(result.code).toBe("REFUND_EXCEEDS_PAID")
        })
      )
    })
  })

  describe("payouts", () => {
    const ops = [op({ type: "payment", amount: 100 })]

    it("need the admin who makes them and a reason", () => {
      expect(verdict(input({ type: "payout", amount: 5000, note: "goodwill" }), ops)).toEqual({
        code: "PAYOUT_REASON_REQUIRED",
        status: 422,
        field: "actor_id",
        transient: false,
      })
      for (const note of [undefined, null, "", "   "]) {
        expect(verdict(input({ type: "payout", amount: 5000, actor_id: "user_1", note }), ops)).toEqual({
          code: "PAYOUT_REASON_REQUIRED",
          status: 422,
          field: "reason",
          transient: false,
        })
      }
    })

    it("are not bounded by what was paid (money the merchant gives, not gives back)", () => {
      expect(verdict(input({ type: "payout", amount: 5000, actor_id: "user_1", note: "goodwill" }), ops)).toBe("allowed")
    })
  })
})
