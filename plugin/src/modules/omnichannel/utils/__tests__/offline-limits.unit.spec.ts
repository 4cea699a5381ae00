import { offlineLimitFlagsOf, offlineLimitsOf, type OfflineLimits } from "../offline-limits"

const limits: OfflineLimits = { max_payment: 5000, max_total: 12000, max_hours: 24, currency_code: "EUR" }
const received = new Date("2026-12-03T12:00:00Z")
const pay = (amount: number, occurred_at = "2026-12-03T10:00:00Z", currency_code = "EUR") => ({ amount, currency_code, occurred_at })

describe("offline limit flags", () => {
  it("flags nothing when the terminal has no limits", () => {
    expect(offlineLimitFlagsOf(null, 999_999, [pay(999_999, "2020-01-01T00:00:00Z")], received)).toEqual([[]])
  })

  it("flags a payment above max_payment, and only that one", () => {
    expect(offlineLimitFlagsOf(limits, 0, [pay(5000), pay(5001)], received)).toEqual([[], ["over_max_payment"]])
  })

  it("counts what is pending, then each earlier payment of the list, against max_total", () => {
    // 3000 pending + 4000 + 5000 = 12000 (at the limit), + 1 goes beyond it.
    expect(offlineLimitFlagsOf(limits, 3000, [pay(4000), pay(5000), pay(1)], received)).toEqual([[], [], ["over_max_total"]])
    expect(offlineLimitFlagsOf(limits, 12000, [pay(1)], received)).toEqual([["over_max_total"]])
  })

  it("flags a payment forwarded more than max_hours after the sale", () => {
    expect(offlineLimitFlagsOf(limits, 0, [pay(100, "2026-12-02T12:00:00Z"), pay(100, "2026-12-02T11:59:59Z")], received)).toEqual([
      [],
      ["over_max_hours"],
    ])
  })

  it("applies amount limits only in the limits' currency (any case), the time limit to all", () => {
    expect(offlineLimitFlagsOf(limits, 11000, [pay(9000, "2026-12-01T00:00:00Z", "USD"), pay(2000, undefined, "eur")], received)).toEqual([
      ["over_max_hours"],
      ["over_max_total"],
    ])
  })

  it("gives every flag a payment earns, in a fixed order", () => {
    expect(offlineLimitFlagsOf(limits, 10000, [pay(6000, "2026-12-01T00:00:00Z")], received)).toEqual([
      ["over_max_payment", "over_max_total", "over_max_hours"],
    ])
  })
})

describe("a terminal's limits", () => {
  it("are none unless all four are set", () => {
    expect(offlineLimitsOf({ offline_max_payment: 1, offline_max_total: 2, offline_max_hours: null, offline_currency_code: "EUR" })).toBeNull()
    expect(offlineLimitsOf({ offline_max_payment: 1, offline_max_total: 2, offline_max_hours: 3, offline_currency_code: "EUR" })).toEqual({
      max_payment: 1,
      max_total: 2,
      max_hours: 3,
      currency_code: "EUR",
    })
  })
})
