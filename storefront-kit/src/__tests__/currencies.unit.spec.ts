import { CURRENCY_EXPONENTS as PLUGIN } from "../../../plugin/src/money/currencies"
import { CURRENCY_EXPONENTS as KIT } from "../currencies"

// The storefront package cannot import the plugin, so it keeps a copy of the exponent table;
// the plugin's is the rule. A currency whose exponent differed would show a wrong amount by
// a factor of 10 or 100 on the payment link page.
describe("the storefront kit's currency exponents", () => {
  it("are the plugin's, currency by currency", () => {
    expect(Object.keys(KIT).sort()).toEqual(Object.keys(PLUGIN).sort())
    for (const [code, exponent] of Object.entries(PLUGIN)) expect([code, KIT[code]]).toEqual([code, exponent])
  })

  it("hold the ISO 4217 exponents the plugin's money rules are tested with", () => {
    expect([KIT.JPY, KIT.EUR, KIT.KWD, KIT.CLF]).toEqual([0, 2, 3, 4])
  })
})
