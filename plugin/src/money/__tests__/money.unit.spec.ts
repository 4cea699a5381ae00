import fc from "fast-check"
import { exponentOf, formatMinor, normalizeCurrency, parseMajorInput, toDecimalString, toMajor, toMinor, assertMinorAmount } from ".."

describe("money", () => {
  it("knows the ISO 4217 exponents we sell in", () => {
    expect(exponentOf("EUR")).toBe(2)
    expect(exponentOf("usd")).toBe(2)
    expect(exponentOf("JPY")).toBe(0)
    expect(exponentOf("KWD")).toBe(3)
    expect(exponentOf("CLF")).toBe(4)
  })

  it("refuses an unknown currency, naming the field", () => {
    expect(() => normalizeCurrency("XYZ")).toThrow(/currency_code: unknown ISO 4217 currency "XYZ"/)
    expect(() => normalizeCurrency("")).toThrow(expect.objectContaining({ code: "UNKNOWN_CURRENCY" }))
  })

  it("converts Medusa decimals to minor units exactly", () => {
    expect(toMinor(15, "eur")).toBe(1500)
    expect(toMinor("79.9", "EUR")).toBe(7990)
    expect(() => toMinor(0.1 + 0.2, "EUR")).toThrow(/not a whole number/) // float noise is refused, not rounded
    expect(toMinor(2400, "JPY")).toBe(2400)
    expect(toMinor("1.234", "KWD")).toBe(1234)
    expect(toMinor({ numeric: 12.5, raw: { value: "12.5" } }, "EUR")).toBe(1250)
  })

  it("refuses amounts finer than the currency allows", () => {
    expect(() => toMinor("10.5", "JPY")).toThrow(expect.objectContaining({ code: "INVALID_AMOUNT" }))
    expect(() => toMinor("1.2345", "KWD")).toThrow(/not a whole number of minor units/)
  })

  it("converts back to Medusa decimals", () => {
    expect(toMajor(1999, "EUR")).toBe(19.99)
    expect(toMajor(1500, "JPY")).toBe(1500)
    expect(toMajor(1234, "KWD")).toBe(1.234)
    expect(formatMinor(1234, "KWD")).toBe("1.234 KWD")
    expect(formatMinor(5, "EUR")).toBe("0.05 EUR")
  })

  it("writes decimals for files with the currency's digits, trailing zeros kept", () => {
    expect(toDecimalString(1500, "EUR")).toBe("15.00")
    expect(toDecimalString(5, "eur")).toBe("0.05")
    expect(toDecimalString(1500, "JPY")).toBe("1500")
    expect(toDecimalString(1230, "KWD")).toBe("1.230")
    expect(toDecimalString(-5, "EUR")).toBe("-0.05")
    expect(toDecimalString(0, "KWD")).toBe("0.000")
    expect(toDecimalString(2_147_483_647, "CLF")).toBe("214748.3647")
    expect(() => toDecimalString(1, "XXX")).toThrow(/currency_code/)
  })

  it("round-trips every amount in every exponent", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2_147_483_647 }), fc.constantFrom("EUR", "JPY", "KWD", "CLF"), (minor, cur) => {
        expect(toMinor(toMajor(minor, cur), cur)).toBe(minor)
        expect(toMinor(String(toMajor(minor, cur)), cur)).toBe(minor)
      })
    )
  })

  it("accepts only positive integer minor amounts", () => {
    expect(() => assertMinorAmount(100)).not.toThrow()
    for (const bad of [0, -1, 1.5, "100", NaN, 2 ** 31, null]) {
      expect(() => assertMinorAmount(bad)).toThrow(expect.objectContaining({ code: "INVALID_AMOUNT", field: "amount" }))
    }
  })
})

describe("amounts typed by an admin", () => {
  it.each([
    ["12.5", "EUR", 1250],
    ["12,50", "EUR", 1250],
    ["1500", "JPY", 1500],
    ["1.234", "KWD", 1234],
  ])("%s %s is %d minor units", (text, currency, minor) => {
    expect(parseMajorInput(text, currency)).toBe(minor)
  })
  it.each([["0", "EUR"], ["-1", "EUR"], ["1.5", "JPY"], ["1.001", "EUR"], ["abc", "EUR"]])("%s %s is refused", (text, currency) => {
    expect(parseMajorInput(text, currency)).toBeNull()
  })
})
