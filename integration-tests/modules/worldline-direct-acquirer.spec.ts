import path from "path"
import { AcquirerError } from "../../plugin/src/acquirers/types"
import { RetryingAcquirer } from "../../plugin/src/acquirers/retrying-acquirer"
import { WorldlineDirectAcquirer } from "../../plugin/src/acquirers/worldline-direct/worldline-direct-acquirer"
import { v1HmacSignature, v1HmacStringToSign, WorldlineDirectServer } from "../helpers/worldline-direct-server"

jest.setTimeout(60 * 1000)

// Worldline's published v1HMAC example (GET /v2/1/tokens/2).
const VECTOR = {
  secret: "6Kj5HT0MQKC6D8eb7W3lTg71kVKVDSt1",
  stringToSign: "GET\n\nFri, 06 Jun 2014 13:39:43 GMT\n/v2/1/tokens/2\n",
  signature: "vCos01y77soPNJOW6kDCm4Bu5b2darAZ09PP7Wa+jRA=",
}

const CARD = { number: "4242424242424242", exp_month: 12, exp_year: new Date().getFullYear() + 2, cvc: "737", holder_name: "Ada Lovelace" }

describe("Worldline Direct acquirer against a local server that speaks its contract", () => {
  let server: WorldlineDirectServer
  let seq = 0
  const key = (label: string) => `${label}-${++seq}-${Date.now()}`

  const acquirer = (options: Partial<{ timeoutMs: number; secretApiKey: string }> = {}, policy = { attempts: 3, backoffMs: 20 }) =>
    new RetryingAcquirer(
      new WorldlineDirectAcquirer({
        endpoint: server.url,
        merchantId: server.credentials.merchantId,
        apiKeyId: server.credentials.apiKeyId,
        secretApiKey: options.secretApiKey ?? server.credentials.secretApiKey,
        timeoutMs: options.timeoutMs ?? 2000,
      }),
      policy
    )

  const rejection = (p: Promise<unknown>) => p.then(() => { throw new Error("expected a refusal") }, (e) => e as AcquirerError)

  beforeAll(async () => {
    server = await new WorldlineDirectServer().start()
  })
  afterAll(() => server.stop())
  afterEach(() => server.clearFaults())

  describe("v1HMAC", () => {
    it("the published test vector: our server's verifier and the SDK's signer both give the documented signature", () => {
      const built = v1HmacStringToSign({ method: "GET", date: "Fri, 06 Jun 2014 13:39:43 GMT", gcsHeaders: {}, pathAndQuery: "/v2/1/tokens/2" })
      expect(built).toBe(VECTOR.stringToSign)
      expect(v1HmacSignature(VECTOR.secret, built)).toBe(VECTOR.signature)

      // The SDK's own authenticator, reached by file path (its package exports only the client).
      const sdkDir = path.dirname(require.resolve("onlinepayments-sdk-nodejs"))
      const { V1HmacAuthenticator } = require(path.join(sdkDir, "utils/authentication.js"))
      const sdkSigner = new V1HmacAuthenticator({ apiKeyId: "5e45c937b9db33ae", secretApiKey: VECTOR.secret })
      expect(sdkSigner.getSignature("GET", "", "Fri, 06 Jun 2014 13:39:43 GMT", [], "/v2/1/tokens/2")).toBe(VECTOR.signature)
    })

    it("x-gcs-* headers are signed lower-cased and sorted, so a changed idempotence key breaks the signature", () => {
      const base = { method: "POST", contentType: "application/json", date: "Fri, 06 Jun 2014 13:39:43 GMT", pathAndQuery: "/v2/m/payments" }
      const s = v1HmacStringToSign({ ...base, gcsHeaders: { "X-GCS-ServerMetaInfo": "abc", "X-GCS-Idempotence-Key": "k1" } })
      expect(s).toBe("POST\napplication/json\nFri, 06 Jun 2014 13:39:43 GMT\nx-gcs-idempotence-key:k1\nx-gcs-servermetainfo:abc\n/v2/m/payments\n")
      const other = v1HmacStringToSign({ ...base, gcsHeaders: { "X-GCS-ServerMetaInfo": "abc", "X-GCS-Idempotence-Key": "k2" } })
      expect(v1HmacSignature(VECTOR.secret, other)).not.toBe(v1HmacSignature(VECTOR.secret, s))
    })

    it("every call the plugin makes is accepted by the server's signature check and carries our key", async () => {
      const before = server.received.length
      const k = key("auth")
      await acquirer().authorize({ payment_id: "1", amount: 1000, currency_code: "eur", mode: "SALE", idempotency_key: k, operation_id: "oop_1", card: CARD })
      const sent = server.received.slice(before)
      expect(sent).toHaveLength(1)
      expect(sent[0].headers.authorization).toMatch(/^GCS v1HMAC:test-api-key-id:/)
      expect(sent[0].idempotenceKey).toBe(k)
      expect(server.refusedSignatures).toHaveLength(0)
    })

    it("a wrong secret is refused by the server (401) and reported as a configuration error, not retried", async () => {
      const before = server.received.length
      const err = await rejection(
        acquirer({ secretApiKey: "not-the-secret" }).authorize({ payment_id: "1", amount: 1000, currency_code: "eur", mode: "SALE", idempotency_key: key("bad"), card: CARD })
      )
      expect(err).toBeInstanceOf(AcquirerError)
      expect(err.kind).toBe("invalid")
      expect(err.reason).toBe("ACQUIRER_CONFIGURATION")
      expect(server.received.length - before).toBe(1)
      expect(server.refusedSignatures.at(-1)).toMatch(/signature does not match/)
      expect(server.charges.filter((c) => c.idempotency_key.startsWith("bad"))).toHaveLength(0)
    })
  })

  describe("the money calls and their bodies", () => {
    it("first payment with COF flags, subsequent payment, capture, refund and payout on the chain's payment id", async () => {
      const a = acquirer()
      const first = await a.authorize({
        payment_id: "1234567890123456789",
        amount: 5000,
        currency_code: "eur",
        mode: "FINAL_AUTHORIZATION",
        idempotency_key: key("first"),
        operation_id: "oop_first",
        card: CARD,
        cof: { requestor: "cardholderInitiated", sequence: "first" },
      })
      expect(first.status).toBe("authorized")
      expect(first.reference).toMatch(/^\d{19}$/)
      const created = server.received.at(-1)!.body
      expect(created.cardPaymentMethodSpecificInput).toMatchObject({
        authorizationMode: "FINAL_AUTHORIZATION",
        unscheduledCardOnFileRequestor: "cardholderInitiated",
        unscheduledCardOnFileSequenceIndicator: "first",
        paymentProductId: 1,
        card: { cardNumber: CARD.number, expiryDate: `12${String(CARD.exp_year % 100).padStart(2, "0")}` },
      })
      expect(created.order).toEqual({ amountOfMoney: { amount: 5000, currencyCode: "EUR" }, references: { merchantReference: "oop_first" } })

      const captured = await a.capture({ reference: first.reference, amount: 5000, currency_code: "eur", idempotency_key: key("capture") })
      expect(captured.status).toBe("captured")

      const next = await a.authorize({ payment_id: "1", amount: 3000, currency_code: "eur", mode: "SALE", idempotency_key: key("next"), initial_reference: first.reference })
      expect(next.status).toBe("captured")
      const subsequent = server.received.at(-1)!
      expect(subsequent.path).toBe(`/v2/${server.credentials.merchantId}/payments/${first.reference}/subsequent`)
      expect(subsequent.body.subsequentcardPaymentMethodSpecificInput.authorizationMode).toBe("SALE")

      const refund = await a.refund({ reference: first.reference, amount: 1200, currency_code: "eur", idempotency_key: key("refund"), operation_id: "oop_refund" })
      expect(refund.status).toBe("refunded")
      expect(server.received.at(-1)!.body.operationReferences).toEqual({ merchantReference: "oop_refund" })

      const payout = await a.payout({ payment_id: "1", reference: first.reference, amount: 9000, currency_code: "eur", idempotency_key: key("payout") })
      expect(payout.status).toBe("paid_out")
      expect(server.received.at(-1)!.body.omnichannelPayoutSpecificInput).toEqual({ paymentId: first.reference })
    })

    it("JPY and KWD amounts go out in their own minor units", async () => {
      const a = acquirer()
      await a.authorize({ payment_id: "1", amount: 1500, currency_code: "jpy", mode: "SALE", idempotency_key: key("jpy"), card: CARD })
      expect(server.received.at(-1)!.body.order.amountOfMoney).toEqual({ amount: 1500, currencyCode: "JPY" })
      await a.authorize({ payment_id: "1", amount: 12345, currency_code: "kwd", mode: "SALE", idempotency_key: key("kwd"), card: CARD })
      expect(server.received.at(-1)!.body.order.amountOfMoney).toEqual({ amount: 12345, currencyCode: "KWD" })
    })

    it("a declined card is `declined` with the platform's words; an invalid request is `invalid` naming the field", async () => {
      const a = acquirer()
      const declined = await rejection(a.authorize({ payment_id: "1", amount: 1000, currency_code: "eur", mode: "SALE", idempotency_key: key("d"), card: { ...CARD, number: "4000000000009995" } }))
      expect(declined.kind).toBe("declined")
      expect(declined.message).toMatch(/insufficient funds/)

      const first = await a.authorize({ payment_id: "1", amount: 1000, currency_code: "eur", mode: "SALE", idempotency_key: key("ok"), card: CARD })
      const tooMuch = await rejection(a.refund({ reference: first.reference, amount: 1001, currency_code: "eur", idempotency_key: key("over") }))
      expect(tooMuch.kind).toBe("invalid")
      expect(tooMuch.message).toMatch(/^amountOfMoney\.amount: /)
    })

    it("REFUND_ORDER_LOCKED from the platform keeps its name", async () => {
      server.inject({ kind: "error", status: 409, errorCode: "300460", id: "REFUND_ORDER_LOCKED" })
      const err = await rejection(acquirer().refund({ reference: "1234567890123456789", amount: 100, currency_code: "eur", idempotency_key: key("locked") }))
      expect(err.kind).toBe("invalid")
      expect(err.reason).toBe("REFUND_ORDER_LOCKED")
    })
  })

  describe("faults: the same key is sent again and money moves once", () => {
    const chargesFor = (k: string) => server.charges.filter((c) => c.idempotency_key === k)
    const sentWith = (k: string) => server.received.filter((r) => r.idempotenceKey === k)

    it("a timeout, then a retry while the first call still runs (409 1409), then the first answer: charged once", async () => {
      const k = key("slow")
      server.inject({ kind: "slow", ms: 1200 })
      const result = await acquirer({ timeoutMs: 300 }, { attempts: 8, backoffMs: 150 }).authorize({
        payment_id: "1",
        amount: 2500,
        currency_code: "eur",
        mode: "SALE",
        idempotency_key: k,
        card: CARD,
      })
      expect(result.status).toBe("captured")
      expect(chargesFor(k)).toHaveLength(1)
      expect(chargesFor(k)[0].reference).toBe(result.reference)
      expect(sentWith(k).length).toBeGreaterThanOrEqual(3)
    })

    it("an answer lost after the platform moved the money (connection reset): the retry gets the first result", async () => {
      const k = key("lost")
      server.inject({ kind: "lose_answer" })
      const result = await acquirer().refund({ reference: "1234567890123456789", amount: 700, currency_code: "eur", idempotency_key: k })
      expect(chargesFor(k)).toHaveLength(1)
      expect(chargesFor(k)[0].reference).toBe(result.reference)
      expect(sentWith(k)).toHaveLength(2)
    })

    it("5xx and 409 `1409` are retried with the same key; when retries run out the error stays retryable", async () => {
      const k = key("flaky")
      server.inject({ kind: "error", status: 503, errorCode: "9999", id: "SERVICE_UNAVAILABLE" })
      server.inject({ kind: "in_progress" })
      const ok = await acquirer().payout({ payment_id: "1", reference: "1234567890123456789", amount: 300, currency_code: "eur", idempotency_key: k })
      expect(ok.status).toBe("paid_out")
      expect(sentWith(k)).toHaveLength(3)
      expect(chargesFor(k)).toHaveLength(1)

      const k2 = key("down")
      server.inject({ kind: "error", status: 500, errorCode: "9999", id: "PROCESSING_ERROR" }, 3)
      const err = await rejection(acquirer().payout({ payment_id: "1", reference: "1234567890123456789", amount: 300, currency_code: "eur", idempotency_key: k2 }))
      expect(err.kind).toBe("retryable")
      expect(chargesFor(k2)).toHaveLength(0)
    })

    it("a declined card is not retried (one request), and the same key later gets the same refusal", async () => {
      const k = key("declined")
      const a = acquirer()
      const card = { ...CARD, number: "4000000000000002" }
      const first = await rejection(a.authorize({ payment_id: "1", amount: 1000, currency_code: "eur", mode: "SALE", idempotency_key: k, card }))
      expect(first.kind).toBe("declined")
      expect(sentWith(k)).toHaveLength(1)
      const again = await rejection(a.authorize({ payment_id: "1", amount: 1000, currency_code: "eur", mode: "SALE", idempotency_key: k, card }))
      expect(again.message).toBe(first.message)
      expect(chargesFor(k)).toHaveLength(0)
    })

    it("an unreachable acquirer is retryable (nothing was sent)", async () => {
      const down = new RetryingAcquirer(
        new WorldlineDirectAcquirer({ endpoint: "http://127.0.0.1:9", merchantId: "m", apiKeyId: "k", secretApiKey: "s", timeoutMs: 500 }),
        { attempts: 2, backoffMs: 10 }
      )
      const err = await rejection(down.refund({ reference: "1", amount: 1, currency_code: "eur", idempotency_key: key("down") }))
      expect(err.kind).toBe("retryable")
    })
  })

  it("refuses to start without its options, naming the missing one", () => {
    expect(() => new WorldlineDirectAcquirer({ endpoint: "http://127.0.0.1:1", merchantId: "m", apiKeyId: "k" })).toThrow(
      /option worldline\.secretApiKey/
    )
  })
})
