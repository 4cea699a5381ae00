import fc from "fast-check"
import { isLuhnValid, luhnCheckDigit } from "../luhn"
import { generatePaymentId, isValidPaymentId } from "../payment-id"
import { generateCrmToken } from "../crm-token"
import { describeCard, normalizePan } from "../card-details"
import { computeOfflineToken } from "../../pos-client/offline-token"

describe("Luhn", () => {
  it("accepts known card numbers and refuses a changed digit", () => {
    expect(isLuhnValid("4242424242424242")).toBe(true)
    expect(isLuhnValid("4000000000000002")).toBe(true)
    expect(isLuhnValid("79927398713")).toBe(true)
    expect(isLuhnValid("4242424242424241")).toBe(false)
    expect(luhnCheckDigit("7992739871")).toBe(3)
  })
})

describe("payment id", () => {
  it("is 19 digits, never starts with 0 and carries a valid check digit", () => {
    for (let i = 0; i < 2000; i++) {
      const id = generatePaymentId()
      expect(id).toMatch(/^[1-9]\d{18}$/)
      expect(isValidPaymentId(id)).toBe(true)
    }
  })

  it("catches any single mistyped digit", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 18 }), fc.integer({ min: 1, max: 9 }), (pos, delta) => {
        const id = generatePaymentId()
        const digit = (Number(id[pos]) + delta) % 10
        const typo = id.slice(0, pos) + digit + id.slice(pos + 1)
        expect(isValidPaymentId(typo)).toBe(false)
      })
    )
  })
})

describe("tokens", () => {
  // Published in the README; computed independently with
  // `printf %s 4242424242424242 | openssl dgst -sha256 -hmac omnichannel-readme-test-vector-key-32b`.
  it("offline token matches the published test vector", () => {
    expect(computeOfflineToken("omnichannel-readme-test-vector-key-32b", "4242 4242 4242 4242")).toBe(
      "89A0AAEADFE5EDF67E874FEA33F37A50081B034903C010428E3E4162E94B2D72"
    )
  })

  it("offline token refuses anything that is not a PAN", () => {
    expect(() => computeOfflineToken("k".repeat(32), "4242-abc")).toThrow(/pan/)
  })

  it("CRM token keeps length, BIN and last 4 and is never a valid card number", () => {
    fc.assert(
      fc.property(fc.integer({ min: 12, max: 19 }), fc.stringMatching(/^\d{6}$/), fc.stringMatching(/^\d{4}$/), (len, bin, last4) => {
        const token = generateCrmToken(bin, last4, len)
        expect(token).toHaveLength(len)
        expect(token.startsWith(bin)).toBe(true)
        expect(token.endsWith(last4)).toBe(true)
        expect(isLuhnValid(token)).toBe(false)
      }),
      { numRuns: 2000 }
    )
  })

  it("describes a card without keeping its number", () => {
    const pan = normalizePan("4242 4242 4242 4242")!
    expect(describeCard(pan)).toEqual({ brand: "visa", bin: "424242", last4: "4242", pan_length: 16 })
    expect(normalizePan("4242424242424241")).toBeNull()
  })
})
