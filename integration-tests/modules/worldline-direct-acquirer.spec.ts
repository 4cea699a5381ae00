import path from "path"
import { createHmac } from "crypto"
import { AcquirerError, type AuthorizeRequest } from "../../plugin/src/acquirers/types"
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

const CARDS = {
  visa: "4242424242424242",
  declined: "4000000000000002",
  insufficientFunds: "4000000000009995",
  acquirerError: "4000000000000119",
  challenge: "4000000000003220",
  challengeFails: "4000000000003238",
}
const TOKEN_KEY = "merchant-token-key-0123456789"
const RETURN_URL = "https://shop.example/checkout/return?cart=cart_1"
const BROWSER = {
  accept_header: "text/html",
  user_agent: "Mozilla/5.0 (test)",
  locale: "en-GB",
  timezone_offset_minutes: -60,
  color_depth: 24,
  screen_height: 1080,
  screen_width: 1920,
  java_enabled: false,
  ip_address: "203.0.113.7",
}

describe("Worldline Direct acquirer against a local server that speaks its contract", () => {
  let server: WorldlineDirectServer
  let seq = 0
  const key = (label: string) => `${label}-${++seq}-${Date.now()}`

  const worldline = (options: Partial<{ timeoutMs: number; secretApiKey: string }> = {}, on = server) =>
    new WorldlineDirectAcquirer({
      endpoint: on.url,
      merchantId: on.credentials.merchantId,
      apiKeyId: on.credentials.apiKeyId,
      secretApiKey: options.secretApiKey ?? on.credentials.secretApiKey,
      timeoutMs: options.timeoutMs ?? 2000,
    })
  const acquirer = (options: Partial<{ timeoutMs: number; secretApiKey: string }> = {}, policy = { attempts: 3, backoffMs: 20 }) =>
    new RetryingAcquirer(worldline(options), policy)

  /** The customer types a card in the platform's hosted form (keeping it, unless told); we only ever get the session id. */
  const hostedCard = async (pan = CARDS.visa, on = server, storePermanently = true) => {
    const form = await worldline({}, on).createHostedCardForm({ idempotency_key: key("form") })
    return on.tokenize(form.id, pan, { cardholderName: "Ada Lovelace", storePermanently })
  }
  const first = (hosted_tokenization_id: string, extra: Partial<AuthorizeRequest> = {}): AuthorizeRequest => ({
    payment_id: "1",
    amount: 1000,
    currency_code: "eur",
    mode: "SALE",
    idempotency_key: key("pay"),
    hosted_tokenization_id,
    return_url: RETURN_URL,
    ...extra,
  })
  const sentCardNumbers = () => server.received.filter((r) => Object.values(CARDS).some((pan) => JSON.stringify(r.body ?? "").includes(pan)))

  const rejection = (p: Promise<unknown>) => p.then(() => { throw new Error("expected a refusal") }, (e) => e as AcquirerError)

  beforeAll(async () => {
    server = await new WorldlineDirectServer({ tokenKey: TOKEN_KEY }).start()
  })
  afterAll(() => server.stop())
  afterEach(() => {
    server.clearFaults()
    // Whatever a test did, no card number ever went from the plugin to the platform.
    expect(sentCardNumbers()).toEqual([])
  })

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
      const hosted = await hostedCard()
      const before = server.received.length
      const k = key("auth")
      await acquirer().authorize(first(hosted, { idempotency_key: k, operation_id: "oop_1" }))
      const sent = server.received.slice(before)
      expect(sent).toHaveLength(1)
      expect(sent[0].headers.authorization).toMatch(/^GCS v1HMAC:test-api-key-id:/)
      expect(sent[0].idempotenceKey).toBe(k)
      expect(server.refusedSignatures).toHaveLength(0)
    })

    it("a wrong secret is refused by the server (401) and reported as a configuration error, not retried", async () => {
      const hosted = await hostedCard()
      const before = server.received.length
      const err = await rejection(acquirer({ secretApiKey: "not-the-secret" }).authorize(first(hosted, { idempotency_key: key("bad") })))
      expect(err).toBeInstanceOf(AcquirerError)
      expect(err.kind).toBe("invalid")
      expect(err.reason).toBe("ACQUIRER_CONFIGURATION")
      expect(server.received.length - before).toBe(1)
      expect(server.refusedSignatures.at(-1)).toMatch(/signature does not match/)
      expect(server.charges.filter((c) => c.idempotency_key.startsWith("bad"))).toHaveLength(0)
    })
  })

  describe("the money calls and their bodies", () => {
    it("first payment from the hosted form (COF flags, 3-D Secure return url, browser), then subsequent, capture, refund and payout", async () => {
      const a = acquirer()
      const hosted = await hostedCard()
      const first = await a.authorize({
        payment_id: "1234567890123456789",
        amount: 5000,
        currency_code: "eur",
        mode: "FINAL_AUTHORIZATION",
        idempotency_key: key("first"),
        operation_id: "oop_first",
        hosted_tokenization_id: hosted,
        cof: { requestor: "cardholderInitiated", sequence: "first" },
        return_url: RETURN_URL,
        browser: BROWSER,
      })
      expect(first.status).toBe("authorized")
      expect(first.reference).toMatch(/^\d{19}$/)
      const created = server.received.at(-1)!.body
      expect(created.hostedTokenizationId).toBe(hosted)
      expect(created.cardPaymentMethodSpecificInput).toEqual({
        authorizationMode: "FINAL_AUTHORIZATION",
        transactionChannel: "ECOMMERCE",
        unscheduledCardOnFileRequestor: "cardholderInitiated",
        unscheduledCardOnFileSequenceIndicator: "first",
        threeDSecure: { redirectionData: { returnUrl: RETURN_URL } },
      })
      expect(created.order).toEqual({
        amountOfMoney: { amount: 5000, currencyCode: "EUR" },
        references: { merchantReference: "oop_first" },
        customer: {
          device: {
            acceptHeader: "text/html",
            userAgent: "Mozilla/5.0 (test)",
            locale: "en-GB",
            timezoneOffsetUtcMinutes: "-60",
            ipAddress: "203.0.113.7",
            browserData: { colorDepth: 24, screenHeight: "1080", screenWidth: "1920", javaEnabled: false },
          },
        },
      })

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
      await a.authorize(first(await hostedCard(), { amount: 1500, currency_code: "jpy" }))
      expect(server.received.at(-1)!.body.order.amountOfMoney).toEqual({ amount: 1500, currencyCode: "JPY" })
      await a.authorize(first(await hostedCard(), { amount: 12345, currency_code: "kwd" }))
      expect(server.received.at(-1)!.body.order.amountOfMoney).toEqual({ amount: 12345, currencyCode: "KWD" })
    })

    it("a declined card is `declined` with the platform's words; an invalid request is `invalid` naming the field", async () => {
      const a = acquirer()
      const declined = await rejection(a.authorize(first(await hostedCard(CARDS.insufficientFunds))))
      expect(declined.kind).toBe("declined")
      expect(declined.message).toMatch(/insufficient funds/)

      const paid = await a.authorize(first(await hostedCard()))
      const tooMuch = await rejection(a.refund({ reference: paid.reference, amount: 1001, currency_code: "eur", idempotency_key: key("over") }))
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

  describe("hosted card form and 3-D Secure", () => {
    it("the hosted form is created, the browser types the card at the platform, and we learn only its summary and tokens", async () => {
      const form = await worldline().createHostedCardForm({ idempotency_key: key("form"), locale: "en_GB" })
      expect(form).toEqual({ kind: "worldline", id: expect.stringMatching(/^[0-9a-f]{32}$/), url: `${server.url}/hostedtokenization/${form.id}` })
      expect(server.received.at(-1)!.body).toEqual({ askConsumerConsent: false, locale: "en_GB" })
      const page = await fetch(form.url)
      expect(page.status).toBe(200)
      expect(await page.text()).toContain(`/hostedtokenization/${form.id}/submit`)

      // The browser's tokenizer: unsigned, straight to the platform.
      const submitted = await fetch(`${server.url}/hostedtokenization/${form.id}/submit`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ cardNumber: CARDS.visa, expiryDate: "1230", cvv: "737", cardholderName: "Ada Lovelace", storePermanently: true }),
      })
      expect(await submitted.json()).toEqual({ hostedTokenizationId: form.id })
      // Not asked to keep it, the platform's token is temporary: nothing to charge again later.
      expect((await worldline().describeHostedCard(await hostedCard(CARDS.visa, server, false))).acquirer_token).toBeNull()

      const card = await worldline().describeHostedCard(form.id)
      const computed = createHmac("sha256", TOKEN_KEY).update(CARDS.visa).digest("hex").toUpperCase()
      expect(card).toEqual({
        brand: "visa",
        bin: "424242",
        last4: "4242",
        pan_length: 16,
        acquirer_token: expect.stringMatching(/^[0-9a-f-]{36}$/),
        fingerprint: computed,
        generated_token: expect.any(String),
      })
      expect(server.received.at(-1)).toMatchObject({ method: "GET", path: `/v2/${server.credentials.merchantId}/hostedtokenizations/${form.id}` })

      // The same card typed again: the same permanent token and the same fingerprint.
      const again = await worldline().describeHostedCard(await hostedCard())
      expect(again).toEqual(card)
    })

    it("without a merchant token key the fingerprint is the platform's generated token, upper-cased; a refused card never reaches the vault", async () => {
      const other = await new WorldlineDirectServer().start()
      try {
        const card = await worldline({}, other).describeHostedCard(await hostedCard(CARDS.visa, other))
        expect(card.generated_token).toMatch(/^424242\d{6}4242$/)
        expect(card.fingerprint).toBe(card.generated_token!.toUpperCase())

        const form = await worldline({}, other).createHostedCardForm({ idempotency_key: key("form") })
        const bad = await fetch(`${other.url}/hostedtokenization/${form.id}/submit`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ cardNumber: "4242424242424241", expiryDate: "1230", cvv: "737" }),
        })
        expect(bad.status).toBe(400)
        const empty = await rejection(worldline({}, other).describeHostedCard(form.id))
        expect(empty).toMatchObject({ kind: "invalid", reason: "INVALID_DATA" })
        expect(empty.message).toMatch(/^hosted_tokenization_id: no card was tokenized/)
      } finally {
        await other.stop()
      }
    })

    it("an unknown hosted tokenization id is `invalid`, whether described or paid with", async () => {
      const described = await rejection(worldline().describeHostedCard("0123456789abcdef0123456789abcdef"))
      expect(described).toMatchObject({ kind: "invalid", reason: "INVALID_DATA" })
      expect(described.message).toMatch(/^hosted_tokenization_id: /)

      const paid = await rejection(acquirer().authorize(first("0123456789abcdef0123456789abcdef")))
      expect(paid.kind).toBe("invalid")
      expect(paid.message).toMatch(/^hostedTokenizationId: /)
    })

    it("a challenge: `requires_action` with the platform's redirect url, nothing charged until the customer passes, then authorized", async () => {
      const a = acquirer()
      const k = key("challenge")
      const req = first(await hostedCard(CARDS.challenge), { mode: "FINAL_AUTHORIZATION", idempotency_key: k })
      const pending = await a.authorize(req)
      expect(pending).toEqual({ reference: expect.stringMatching(/^\d{19}$/), status: "requires_action", redirect_url: `${server.url}/3ds/${pending.reference}` })
      expect(server.charges.filter((c) => c.idempotency_key === k)).toHaveLength(0)
      expect(await worldline().getPayment(pending.reference)).toEqual({ reference: pending.reference, status: "requires_action" })
      expect(server.received.at(-1)).toMatchObject({ method: "GET", path: `/v2/${server.credentials.merchantId}/payments/${pending.reference}` })

      // The same key again gets the same redirect, not a second payment.
      expect(await a.authorize(req)).toEqual(pending)

      // The customer's browser at the issuer: the page, then "Authenticate".
      expect((await fetch(pending.redirect_url!)).status).toBe(200)
      const back = await fetch(pending.redirect_url!, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: "result=pass",
        redirect: "manual",
      })
      expect(back.status).toBe(302)
      const location = new URL(back.headers.get("location")!)
      expect(`${location.origin}${location.pathname}`).toBe("https://shop.example/checkout/return")
      expect(location.searchParams.get("cart")).toBe("cart_1")
      expect(location.searchParams.get("paymentId")).toBe(pending.reference)
      expect(location.searchParams.get("RETURNMAC")).toBeTruthy()

      expect(await worldline().getPayment(pending.reference)).toEqual({ reference: pending.reference, status: "authorized" })
      expect(server.charges.filter((c) => c.idempotency_key === k)).toEqual([expect.objectContaining({ kind: "authorize", amount: 1000, reference: pending.reference })])
    })

    it("a failed challenge: getPayment is `declined` AUTHENTICATION_FAILED, nothing charged (customer fails, or card 3238 whatever they do)", async () => {
      for (const [pan, passed] of [[CARDS.challenge, false], [CARDS.challengeFails, true]] as const) {
        const k = key("failed")
        const pending = await acquirer().authorize(first(await hostedCard(pan), { idempotency_key: k }))
        expect(pending.status).toBe("requires_action")
        const back = new URL(server.completeChallenge(pending.reference, passed))
        expect(back.searchParams.get("paymentId")).toBe(pending.reference)
        const err = await rejection(worldline().getPayment(pending.reference))
        expect(err).toMatchObject({ kind: "declined", reason: "AUTHENTICATION_FAILED" })
        expect(err.message).toMatch(/authentication failed/)
        expect(server.charges.filter((c) => c.idempotency_key === k)).toHaveLength(0)
      }
    })

    it("a challenge needs the return url: without it the platform refuses the request", async () => {
      const err = await rejection(acquirer().authorize(first(await hostedCard(CARDS.challenge), { return_url: undefined })))
      expect(err.kind).toBe("invalid")
      expect(err.message).toMatch(/^cardPaymentMethodSpecificInput\.threeDSecure\.redirectionData\.returnUrl: /)
    })

    it("a kept card is paid with its platform token and the subsequent customer-initiated COF flags", async () => {
      const { acquirer_token } = await worldline().describeHostedCard(await hostedCard())
      const paid = await acquirer().authorize({
        payment_id: "1",
        amount: 4200,
        currency_code: "eur",
        mode: "SALE",
        idempotency_key: key("saved"),
        acquirer_token: acquirer_token!,
        cof: { requestor: "cardholderInitiated", sequence: "subsequent" },
        return_url: RETURN_URL,
      })
      expect(paid.status).toBe("captured")
      const body = server.received.at(-1)!.body
      expect(body.hostedTokenizationId).toBeUndefined()
      expect(body.cardPaymentMethodSpecificInput).toEqual({
        authorizationMode: "SALE",
        transactionChannel: "ECOMMERCE",
        token: acquirer_token,
        unscheduledCardOnFileRequestor: "cardholderInitiated",
        unscheduledCardOnFileSequenceIndicator: "subsequent",
        threeDSecure: { redirectionData: { returnUrl: RETURN_URL } },
      })
      expect(await worldline().getPayment(paid.reference)).toEqual({ reference: paid.reference, status: "captured" })
    })

    it("a cancelled payment reads as cancelled; an unknown payment id is `invalid`", async () => {
      const held = await acquirer().authorize(first(await hostedCard(), { mode: "FINAL_AUTHORIZATION" }))
      await acquirer().cancel({ reference: held.reference, currency_code: "eur", idempotency_key: key("cancel") })
      expect(await worldline().getPayment(held.reference)).toEqual({ reference: held.reference, status: "cancelled" })
      const unknown = await rejection(worldline().getPayment("1999999999999999999"))
      expect(unknown.kind).toBe("invalid")
    })

    it("paymentRecord reads the payment's details: captures (a SALE's own included) and refunds; an unknown payment is `invalid`", async () => {
      const a = acquirer()
      const held = await a.authorize(first(await hostedCard(), { amount: 5000, mode: "FINAL_AUTHORIZATION" }))
      expect(await a.paymentRecord(held.reference)).toEqual({ reference: held.reference, currency_code: "EUR", status: "PENDING_CAPTURE", captured: 0, refunded: 0 })
      await a.capture({ reference: held.reference, amount: 3000, currency_code: "eur", idempotency_key: key("capture") })
      await a.capture({ reference: held.reference, amount: 2000, currency_code: "eur", idempotency_key: key("capture") })
      await a.refund({ reference: held.reference, amount: 1200, currency_code: "eur", idempotency_key: key("refund") })
      expect(await a.paymentRecord(held.reference)).toEqual({ reference: held.reference, currency_code: "EUR", status: "CAPTURED", captured: 5000, refunded: 1200 })
      expect(server.received.at(-1)!.path).toBe(`/v2/${server.credentials.merchantId}/payments/${held.reference}/details`)

      const sale = await a.authorize(first(await hostedCard(), { amount: 700, mode: "SALE" }))
      expect(await a.paymentRecord(sale.reference)).toMatchObject({ captured: 700, refunded: 0 })

      const unknown = await rejection(a.paymentRecord("1999999999999999999"))
      expect(unknown.kind).toBe("invalid")
      expect(unknown.reason).toBe("UNKNOWN_PAYMENT")
      expect(unknown.message).toContain("1999999999999999999")
    })
  })

  describe("faults: the same key is sent again and money moves once", () => {
    const chargesFor = (k: string) => server.charges.filter((c) => c.idempotency_key === k)
    const sentWith = (k: string) => server.received.filter((r) => r.idempotenceKey === k)

    it("a timeout, then a retry while the first call still runs (409 1409), then the first answer: charged once", async () => {
      const k = key("slow")
      const hosted = await hostedCard()
      server.inject({ kind: "slow", ms: 1200 })
      const result = await acquirer({ timeoutMs: 300 }, { attempts: 8, backoffMs: 150 }).authorize(first(hosted, { amount: 2500, idempotency_key: k }))
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

    it("the acquirer-error card: the platform charges, the answer is lost, the retry gets the first result", async () => {
      const k = key("card-error")
      const hosted = await hostedCard(CARDS.acquirerError)
      const result = await acquirer().authorize(first(hosted, { idempotency_key: k }))
      expect(result.status).toBe("captured")
      expect(sentWith(k)).toHaveLength(2)
      expect(chargesFor(k)).toEqual([expect.objectContaining({ kind: "authorize", reference: result.reference })])
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
      const hosted = await hostedCard(CARDS.declined)
      const refused = await rejection(a.authorize(first(hosted, { idempotency_key: k })))
      expect(refused.kind).toBe("declined")
      expect(sentWith(k)).toHaveLength(1)
      const again = await rejection(a.authorize(first(hosted, { idempotency_key: k })))
      expect(again.message).toBe(refused.message)
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
