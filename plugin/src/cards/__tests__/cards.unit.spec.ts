import fc from "fast-check"
import { isLuhnValid, luhnCheckDigit } from "../luhn"
import { generatePaymentId, isValidPaymentId } from "../payment-id"
import { generateCrmToken } from "../crm-token"
import { describeCard, normalizePan } from "../card-details"
import { computeOfflineToken } from "../../pos-client/offline-token"
import { findCardData } from "../card-data-scan"

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

describe("card data in request bodies", () => {
  it("finds a card number written in any text, by the field that holds it", () => {
    expect(findCardData({ data: { note: "call me about card 4000000000009995, thanks" } })).toBe("data.note")
    expect(findCardData({ data: { note: "4242 4242 4242 4242" } })).toBe("data.note")
    expect(findCardData({ data: { ref: "card:4242-4242-4242-4242" } })).toBe("data.ref")
    expect(findCardData({ data: { lines: ["x", { text: "(4242424242424242)" }] } })).toBe("data.lines[1].text")
    expect(findCardData({ card: { number: "anything" } })).toBe("card.number")
  })

  it("leaves alone digits inside a platform's ids, CRM tokens and phone numbers", () => {
    // A Worldline-style hosted tokenization id: its "49945920545513" passes Luhn and starts like Visa.
    expect(findCardData({ data: { hosted_tokenization_id: "04c30280d49945920545513e2d68fd90" } })).toBeNull()
    expect(findCardData({ data: { saved_card: generateCrmToken("424242", "4242", 16) } })).toBeNull()
    expect(findCardData({ phone: "+33 4242 4242 4242 4242" })).toBeNull()
  })

  it("never takes a hex id of the platform's shape for a card number", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9a-f]{32}$/), (id) => {
        // Only an id that is all digits could be read as one; a hex id has letters around its digits.
        fc.pre(/[a-f]/.test(id))
        return findCardData({ data: { hosted_tokenization_id: id } }) === null
      })
    )
  })
})
