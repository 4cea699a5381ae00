/**
 * A copy of the plugin's table (plugin/src/money/currencies.ts), which a storefront package
 * cannot import; a unit test holds the two equal.
 *
 * ISO 4217 minor-unit exponents. Anything not listed is refused rather than guessed:
 * a wrong exponent would silently move money by a factor of 10 or 100.
 */
const ZERO = "BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF"
const THREE = "BHD IQD JOD KWD LYD OMR TND"
const FOUR = "CLF UYW"
const TWO =
  "AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BMD BND BOB BRL BSD BTN BWP BYN " +
  "BZD CAD CDF CHF CNY COP CRC CUP CVE CZK DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS " +
  "GIP GMD GTQ GYD HKD HNL HTG HUF IDR ILS INR IRR JMD KES KGS KHR KPW KYD KZT LAK LBP LKR " +
  "LRD LSL MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MYR MZN NAD NGN NIO NOK NPR NZD " +
  "PAB PEN PGK PHP PKR PLN QAR RON RSD RUB SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN " +
  "SVC SYP SZL THB TJS TMT TOP TRY TTD TWD TZS UAH USD UYU UZS VES WST XCD YER ZAR ZMW ZWG"

export const CURRENCY_EXPONENTS: Readonly<Record<string, number>> = Object.freeze(
  Object.fromEntries(
    (
      [
        [ZERO, 0],
        [TWO, 2],
        [THREE, 3],
        [FOUR, 4],
      ] as const
    ).flatMap(([codes, exp]) => codes.split(" ").map((c) => [c, exp]))
  )
)
