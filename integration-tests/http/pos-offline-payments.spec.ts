import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import type { AxiosInstance } from "axios"
import { PosClient, computeOfflineToken, type PosSale, type PosSalePayment } from "../../plugin/src/pos-client"
import { toMinor } from "../../plugin/src/money"
import { settlePendingPayments } from "../../plugin/src/jobs/settle-pending-payments"
import { storeTestRunner } from "../helpers/store-runner"
import { seededStore } from "../helpers/admin"
import { expectBooksAgree } from "../helpers/books"
import { newTill } from "../helpers/till-sale"
import { placeOrder, registerCustomer, TEST_CARDS, tokenizeInHostedForm } from "../helpers/checkout"

jest.setTimeout(300 * 1000)

const TOKEN_KEY = "offline-payments-suite-token-key-0123456789"
const METRICS_TOKEN = "offline-scrape-token-0123456789abcdef"

/** Prometheus text format, as a scraper reads it: the sum of the samples of `name` whose labels include `labels`. */
function metric(text: string, name: string, labels: Record<string, string> = {}): number {
  let sum = 0
  for (const line of text.split("\n")) {
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line)
    if (!m || m[1] !== name) continue
    const found = Object.fromEntries([...(m[2] ?? "").matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)].map(([, k, v]) => [k, v]))
    if (Object.entries(labels).every(([k, v]) => found[k] === v)) sum += Number(m[3])
  }
  return sum
}

/**
 * Cards a till approved offline (DESIGN 7.2): recorded as held, not paid and not owed, until
 * the till reports the outcome through POST /pos/card-outcomes; approved -> captured, in
 * Medusa too; declined -> the order owes it again and the customer gets a payment link.
 */
storeTestRunner({
  env: { OMNI_TOKEN_KEY: TOKEN_KEY, OMNI_METRICS: "true", OMNI_METRICS_TOKEN: METRICS_TOKEN },
  testSuite: ({ api, getContainer }) => {
    const http = api as AxiosInstance
    const store = seededStore(api, getContainer)
    const { admin, chainOf } = store
    let pos: PosClient
    let terminal: { id: string; stock_location_id: string }
    let secret: string

    let n = 0
    const ref = () => `OFF-${++n}-${Date.now().toString(36)}`
    const offlineCard = (amount: number, extra: Partial<Extract<PosSalePayment, { method: "card" }>> = {}): PosSalePayment => ({
      method: "card",
      amount,
      offline: true,
      acquirer_reference: ref(),
      card: { brand: "visa", bin: "424242", last4: "4242" },
      ...extra,
    })
    /** Two shirts (30.00 EUR), paid by the tenders given. */
    const sale = (payments: PosSalePayment[], extra: Partial<PosSale> = {}): PosSale => ({
      sale_id: `S-OFF-${++n}-${Date.now().toString(36)}`,
      occurred_at: new Date().toISOString(),
      currency_code: "EUR",
      items: [{ sku: "SHIRT-M", quantity: 2, unit_price: 1500, fulfilled: true }],
      payments,
      ...extra,
    })
    const referenceOf = (s: PosSale, i = 0) => (s.payments[i] as { acquirer_reference: string }).acquirer_reference

    const ledger = () => store.container.resolve<any>("omnichannel")
    const medusaPayment = async (id: string) => {
      const [p] = await store.container.resolve(Modules.PAYMENT).listPayments({ id }, { relations: ["captures"] })
      return p as any
    }
    const summary = async (orderId: string) => {
      const { data } = await store.container.resolve(ContainerRegistrationKeys.QUERY).graph({ entity: "order", fields: ["summary.*"], filters: { id: orderId } })
      const s = (data[0] as any).summary
      return { paid_total: toMinor(s.paid_total, "EUR"), pending_difference: toMinor(s.pending_difference, "EUR") }
    }
    const linksOf = async (orderId: string) => ledger().listOmnichannelPaymentLinks({ order_id: orderId })
    const orderCount = async () => (await store.container.resolve(Modules.ORDER).listOrders({})).length
    /** The emails the Notification Module has for `to`, once at least `count` are there (subscribers run after the answer). */
    const emailsTo = async (to: string, count = 1) => {
      const notifications = store.container.resolve(Modules.NOTIFICATION)
      for (let i = 0; i < 50; i++) {
        const sent = await notifications.listNotifications({ to, channel: "email" })
        if (sent.length >= count) break
        await new Promise((r) => setTimeout(r, 100))
      }
      await new Promise((r) => setTimeout(r, 300))
      return (await notifications.listNotifications({ to, channel: "email" })).map((x) => x.template)
    }

    /** A sale with one offline card: its answer, chain and the offline payment's operation. */
    const offlineSale = async (payments: PosSalePayment[], extra: Partial<PosSale> = {}) => {
      const body = sale(payments, extra)
      const res = await pos.sales(body)
      expect(res.status).toBe(201)
      const chain = await chainOf(res.data.payment_id)
      const op = chain.operations.find((o: any) => o.acquirer_reference === referenceOf(body, payments.findIndex((p) => (p as any).offline)))
      return { body, res, chain, op, order_id: res.data.order_id as string, reference: op.acquirer_reference as string }
    }

    beforeEach(async () => {
      ;({ terminal, secret, pos } = await newTill(http, store.headers, { name: "Till", stock_location_id: store.seed.stock_location_ids.store_paris }))
    })

    describe("a sale with a card approved offline", () => {
      it("is recorded held: offline_approved on the chain, authorized not captured in Medusa, not owed, and no link may ask for it", async () => {
        const { res, chain, op, order_id } = await offlineSale([offlineCard(3000)], { customer: { email: "held@example.com" } })
        expect(op).toEqual(expect.objectContaining({ type: "payment", method: "card", status: "offline_approved", amount: 3000, metadata: expect.objectContaining({ offline: true }) }))
        expect(op.metadata.offline_flags).toBeUndefined()
        expect(chain.totals).toEqual(expect.objectContaining({ paid: 0, authorized: 3000, order_owed: 0 }))
        // The sale's own answer names the operation as the ledger has it: pending.
        expect(res.data.operations[0].status).toBe("pending")

        const payment = await medusaPayment(op.medusa_payment_id)
        expect(payment.captured_at).toBeNull()
        expect(payment.canceled_at).toBeNull()
        expect(payment.captures).toEqual([])
        expect(await summary(order_id)).toEqual({ paid_total: 0, pending_difference: 3000 })
        await expectBooksAgree(store.container, order_id)

        for (const body of [{}, { amount: 100 }]) {
          const link = await admin("post", `/admin/omnichannel/orders/${order_id}/payment-links`, body)
          expect([link.status, link.data.code]).toEqual([422, "NOTHING_OUTSTANDING"])
        }
        expect(await linksOf(order_id)).toEqual([])
      })

      it("beyond the terminal's offline limits: recorded anyway, flagged", async () => {
        const set = await admin("post", `/admin/omnichannel/terminals/${terminal.id}`, { offline: { max_payment: 2000, max_total: 10000, max_hours: 24, currency_code: "EUR" } })
        expect(set.status).toBe(200)
        const { op } = await offlineSale([offlineCard(3000)])
        expect(op.metadata.offline_flags).toEqual(["over_max_payment"])
      })

      it("refused, nothing written: offline on cash, offline without the terminal's reference", async () => {
        const before = await orderCount()
        const cash = await pos.sales(sale([{ method: "cash", amount: 3000, offline: true } as never]))
        // A strict schema: `offline` is no field of a cash tender.
        expect([cash.status, cash.data.code]).toEqual([400, "INVALID_DATA"])
        expect(cash.data.message).toMatch(/^payments\.0: .*offline/)
        const noRef = await pos.sales(sale([offlineCard(3000, { acquirer_reference: undefined })]))
        expect([noRef.status, noRef.data.code, noRef.data.message.split(":")[0]]).toEqual([400, "INVALID_DATA", "payments.0.acquirer_reference"])
        expect(await orderCount()).toBe(before)
      })

      it("the settle job and the money API's settle leave it to the till's outcome", async () => {
        const { op, chain } = await offlineSale([offlineCard(3000)])
        const results = await settlePendingPayments(store.container, { askAfterMs: -60_000, abandonAfterMs: -60_000 })
        expect(results.map((r) => r.operation_id)).not.toContain(op.id)
        const settled = await ledger().settle(op.id, { give_up: "test" })
        expect(settled.status).toBe("pending")
        expect((await chainOf(chain.payment_id)).operations[0].status).toBe("offline_approved")
        const pending = await admin("get", "/admin/omnichannel/pending-payments")
        expect(pending.data.pending_payments.map((p: any) => p.operation_id)).not.toContain(op.id)
      })
    })

    describe("POST /pos/card-outcomes: approved", () => {
      it("the payment succeeds and is captured in Medusa (paid_total counts it); the books agree", async () => {
        const { reference, op, order_id, chain } = await offlineSale([offlineCard(3000)])
        const res = await pos.cardOutcomes([{ acquirer_reference: reference, outcome: "approved" }])
        expect(res.status).toBe(200)
        expect(res.data.results).toEqual([
          {
            acquirer_reference: reference,
            status: 200,
            body: expect.objectContaining({ id: op.id, status: "succeeded", metadata: expect.objectContaining({ offline: true, offline_outcome: expect.objectContaining({ outcome: "approved" }) }) }),
          },
        ])
        const after = await chainOf(chain.payment_id)
        expect(after.operations[0].status).toBe("succeeded")
        expect(after.totals).toEqual(expect.objectContaining({ paid: 3000, authorized: 0, order_owed: 0 }))
        const payment = await medusaPayment(op.medusa_payment_id)
        expect(payment.captured_at).not.toBeNull()
        expect(payment.captures.map((c: any) => toMinor(c.amount, "EUR"))).toEqual([3000])
        expect(await summary(order_id)).toEqual({ paid_total: 3000, pending_difference: 0 })
        await expectBooksAgree(store.container, order_id)
      })
    })

    describe("POST /pos/card-outcomes: declined", () => {
      const pay = async (url: string) => {
        const token = decodeURIComponent(url.split("/").pop()!)
        const shop = (body: unknown) =>
          http.post(`/store/omnichannel/payment-links/${token}/pay`, body, { headers: { "x-publishable-api-key": store.seed.publishable_key } }).catch((e) => e.response)
        const form = await shop({})
        const hostedId = await tokenizeInHostedForm(http, form.data.hosted_card, TEST_CARDS.approved)
        return await shop({ hosted_tokenization_id: hostedId, return_url: `http://localhost:9000/shop/pay/${token}?returned=1` })
      }

      it("fails, Medusa's payment is canceled, the order owes it again, a link goes to the sale's email; the link paid, the books agree", async () => {
        const email = "declined@example.com"
        const { reference, op, order_id, chain } = await offlineSale([{ method: "cash", amount: 1000 }, offlineCard(2000)], { customer: { email } })
        const res = await pos.cardOutcomes([{ acquirer_reference: reference, outcome: "declined", reason: "insufficient funds" }])
        expect(res.data.results[0].status).toBe(200)
        const body = res.data.results[0].body
        expect(body).toEqual(expect.objectContaining({ id: op.id, status: "failed", error_code: "OFFLINE_DECLINED", error_message: "insufficient funds" }))

        const [link] = await linksOf(order_id)
        expect(link).toEqual(expect.objectContaining({ amount: 2000, currency_code: "EUR", status: "open", customer_email: email, payment_id: chain.payment_id }))
        expect(body.metadata.offline_outcome).toEqual(
          expect.objectContaining({ outcome: "declined", reason: "insufficient funds", payment_link_id: link.id, email, reported_at: expect.any(String) })
        )
        expect((await medusaPayment(op.medusa_payment_id)).canceled_at).not.toBeNull()
        const after = await chainOf(chain.payment_id)
        expect(after.operations.map((o: any) => o.status)).toEqual(["succeeded", "failed"])
        expect(after.totals).toEqual(expect.objectContaining({ paid: 1000, authorized: 0, order_owed: 2000 }))
        await expectBooksAgree(store.container, order_id)
        expect(await emailsTo(email)).toEqual(expect.arrayContaining(["omnichannel-offline-decline"]))
        expect(await emailsTo(email)).not.toContain("omnichannel-payment-request")

        // The customer pays the link: the order is paid, Medusa and the chain agree.
        const paid = await pay(ledger().viewPaymentLink(link).url)
        expect(paid.data.status).toBe("paid")
        const settled = await chainOf(chain.payment_id)
        expect(settled.totals).toEqual(expect.objectContaining({ paid: 3000, order_owed: 0 }))
        expect(await summary(order_id)).toEqual({ paid_total: 3000, pending_difference: 0 })
        await expectBooksAgree(store.container, order_id)
        const health = await admin("get", "/admin/omnichannel/health")
        expect(health.data.health.offline_payments).toEqual({ pending: [], declines_recovered: 1 })
      })

      it("the email known only through the card's CRM token: the customer who kept that card online gets the link", async () => {
        const customer = await registerCustomer(http, store.seed)
        const online = await placeOrder(http, store.container, store.seed, { card: TEST_CARDS.approved, store_credentials: true, currency: "eur", customer, quantity: 1 })
        expect(online.order).toBeTruthy()
        const card = { brand: "visa", bin: "424242", last4: "4242", offline_token: computeOfflineToken(TOKEN_KEY, TEST_CARDS.approved) }
        const { reference, order_id, res } = await offlineSale([offlineCard(3000, { card })])
        expect(res.data.crm_token).toMatch(/^424242\d{6}4242$/)
        const out = await pos.cardOutcomes([{ acquirer_reference: reference, outcome: "declined" }])
        expect(out.data.results[0].body.metadata.offline_outcome).toEqual(expect.objectContaining({ email: customer.email, payment_link_id: expect.stringMatching(/^plink_/) }))
        expect(await linksOf(order_id)).toEqual([expect.objectContaining({ amount: 3000, customer_email: customer.email })])
        expect(await emailsTo(customer.email, 2)).toContain("omnichannel-offline-decline")
      })

      it("no email known: no link, recorded as such; the order owes the amount", async () => {
        const { reference, order_id, chain } = await offlineSale([offlineCard(3000)])
        const out = await pos.cardOutcomes([{ acquirer_reference: reference, outcome: "declined", reason: "do not honour" }])
        expect(out.data.results[0].body.metadata.offline_outcome).toEqual(expect.objectContaining({ outcome: "declined", payment_link_id: null, email: null }))
        expect(await linksOf(order_id)).toEqual([])
        expect((await chainOf(chain.payment_id)).totals.order_owed).toBe(3000)
        await expectBooksAgree(store.container, order_id)
      })
    })

    describe("POST /pos/card-outcomes: several, replays and refusals", () => {
      it("mixed outcomes in one request: an unknown reference is 404 in its item, the others apply, in the order sent", async () => {
        const a = await offlineSale([offlineCard(3000)])
        const b = await offlineSale([offlineCard(3000)])
        const res = await pos.cardOutcomes([
          { acquirer_reference: a.reference, outcome: "approved" },
          { acquirer_reference: "OFF-NOBODY", outcome: "approved" },
          { acquirer_reference: b.reference, outcome: "declined" },
        ])
        expect(res.status).toBe(200)
        expect(res.data.results.map((r: any) => [r.acquirer_reference, r.status, r.body.status ?? r.body.code])).toEqual([
          [a.reference, 200, "succeeded"],
          ["OFF-NOBODY", 404, "OPERATION_NOT_FOUND"],
          [b.reference, 200, "failed"],
        ])
        await expectBooksAgree(store.container, a.order_id)
        await expectBooksAgree(store.container, b.order_id)
      })

      it("the same outcome again (also at the same time) is answered, applied once: one link, one email", async () => {
        const email = "twice@example.com"
        const { reference, order_id, op } = await offlineSale([offlineCard(3000)], { customer: { email } })
        const outcome = { acquirer_reference: reference, outcome: "declined" as const, reason: "stolen card" }
        const [first, second] = await Promise.all([pos.cardOutcomes([outcome]), pos.cardOutcomes([outcome])])
        const third = await pos.cardOutcomes([outcome])
        for (const r of [first, second, third]) {
          expect(r.data.results[0]).toEqual(expect.objectContaining({ status: 200, body: expect.objectContaining({ id: op.id, status: "failed" }) }))
        }
        expect(third.data.results[0].body.metadata.offline_outcome).toEqual(first.data.results[0].body.metadata.offline_outcome)
        // One of the two sent together applied it; the other and the third are replays.
        expect([first, second, third].map((r) => r.data.results[0].replayed ?? false).sort()).toEqual([false, true, true])
        expect(await linksOf(order_id)).toHaveLength(1)
        expect((await emailsTo(email)).filter((t) => t === "omnichannel-offline-decline")).toHaveLength(1)
        expect((await medusaPayment(op.medusa_payment_id)).canceled_at).not.toBeNull()
        await expectBooksAgree(store.container, order_id)
      })

      it("a run cut short after the ledger's outcome and the link is finished by the outcome sent again: Medusa's payment canceled, that link noted and sent once", async () => {
        const email = "interrupted@example.com"
        const { reference, order_id, op, chain } = await offlineSale([offlineCard(3000)], { customer: { email } })
        // What the first run did before its instance died: the ledger's outcome, then the link (not yet noted, nothing in Medusa).
        const first = await ledger().reportOfflineOutcome({ terminal_id: terminal.id, acquirer_reference: reference, outcome: "declined", reason: "lost card" })
        expect(first.applied).toBe(true)
        const made = await ledger().createPaymentLink({
          chain_id: op.chain_id, payment_id: chain.payment_id, order_id, amount: 3000, currency_code: "EUR", customer_email: email,
          note: "Your card payment in our shop was declined after the sale.", origin: "pos", terminal_id: terminal.id,
        })
        const again = await pos.cardOutcomes([{ acquirer_reference: reference, outcome: "declined", reason: "lost card" }])
        expect(again.data.results[0]).toEqual(expect.objectContaining({ status: 200, replayed: true }))
        expect(again.data.results[0].body.metadata.offline_outcome).toEqual(expect.objectContaining({ payment_link_id: made.id, email }))
        expect(await linksOf(order_id)).toHaveLength(1)
        expect((await medusaPayment(op.medusa_payment_id)).canceled_at).not.toBeNull()
        expect((await emailsTo(email)).filter((t) => t === "omnichannel-offline-decline")).toHaveLength(1)
        await expectBooksAgree(store.container, order_id)
      })

      it("an approval whose run died after Medusa's capture, before the order's transaction, is finished by the outcome sent again: paid_total counts it once", async () => {
        const { reference, order_id, op } = await offlineSale([offlineCard(3000)])
        // What the first run did before its instance died: the ledger's outcome, then the payment module's capture.
        await ledger().reportOfflineOutcome({ terminal_id: terminal.id, acquirer_reference: reference, outcome: "approved" })
        await store.container.resolve(Modules.PAYMENT).capturePayment({ payment_id: op.medusa_payment_id })
        expect((await summary(order_id)).paid_total).toBe(0)
        const again = await pos.cardOutcomes([{ acquirer_reference: reference, outcome: "approved" }])
        expect(again.data.results[0]).toEqual(expect.objectContaining({ status: 200, replayed: true }))
        expect(await summary(order_id)).toEqual({ paid_total: 3000, pending_difference: 0 })
        expect((await pos.cardOutcomes([{ acquirer_reference: reference, outcome: "approved" }])).data.results[0].status).toBe(200)
        expect((await medusaPayment(op.medusa_payment_id)).captures).toHaveLength(1)
        expect(await summary(order_id)).toEqual({ paid_total: 3000, pending_difference: 0 })
        await expectBooksAgree(store.container, order_id)
      })

      it("an approval whose run died inside Medusa's capture (capture recorded, payment not yet marked captured) is finished by the outcome sent again: one capture, paid_total counts it once", async () => {
        const { reference, order_id, op } = await offlineSale([offlineCard(3000)])
        await ledger().reportOfflineOutcome({ terminal_id: terminal.id, acquirer_reference: reference, outcome: "approved" })
        // The payment module commits the capture, then marks the payment captured: the instance died in between.
        await store.container.resolve(Modules.PAYMENT).capturePayment({ payment_id: op.medusa_payment_id })
        await store.container.resolve(ContainerRegistrationKeys.PG_CONNECTION).raw(`update payment set captured_at = null where id = ?`, [op.medusa_payment_id])
        const dead = (await medusaPayment(op.medusa_payment_id)).captures.map((c: any) => c.id)
        expect(dead).toHaveLength(1)
        const again = await pos.cardOutcomes([{ acquirer_reference: reference, outcome: "approved" }])
        expect(again.data.results[0]).toEqual(expect.objectContaining({ status: 200, replayed: true }))
        const payment = await medusaPayment(op.medusa_payment_id)
        expect(payment.captured_at).not.toBeNull()
        expect(payment.captures.map((c: any) => [toMinor(c.amount, "EUR"), dead.includes(c.id)])).toEqual([[3000, false]])
        expect(await summary(order_id)).toEqual({ paid_total: 3000, pending_difference: 0 })
        await expectBooksAgree(store.container, order_id)
      })

      it("the other outcome of a settled payment, or any outcome of a payment not approved offline: 409 OPERATION_ALREADY_SETTLED; another till's reference: 404", async () => {
        const { reference, order_id, op } = await offlineSale([offlineCard(3000)])
        expect((await pos.cardOutcomes([{ acquirer_reference: reference, outcome: "approved" }])).data.results[0].status).toBe(200)
        const online = await pos.sales(sale([{ method: "card", amount: 3000, acquirer_reference: "ONLINE-1", card: { brand: "visa", bin: "424242", last4: "4242" } }]))
        expect(online.status).toBe(201)
        const res = await pos.cardOutcomes([
          { acquirer_reference: reference, outcome: "declined" },
          { acquirer_reference: "ONLINE-1", outcome: "approved" },
        ])
        expect(res.data.results.map((r: any) => [r.status, r.body.code])).toEqual([
          [409, "OPERATION_ALREADY_SETTLED"],
          [409, "OPERATION_ALREADY_SETTLED"],
        ])
        expect((await ledger().retrieveOmnichannelOperation(op.id)).status).toBe("succeeded")
        const other = await newTill(http, store.headers, { name: "Other till", stock_location_id: store.seed.stock_location_ids.store_paris })
        const foreign = await other.pos.cardOutcomes([{ acquirer_reference: reference, outcome: "declined" }])
        expect([foreign.data.results[0].status, foreign.data.results[0].body.code]).toEqual([404, "OPERATION_NOT_FOUND"])
        await expectBooksAgree(store.container, order_id)
      })

      it("bad input: over 500 outcomes or not an array is 400 naming outcomes; a wrong signature is 401; nothing written", async () => {
        const { reference, op } = await offlineSale([offlineCard(3000)])
        const many = Array.from({ length: 501 }, () => ({ acquirer_reference: reference, outcome: "approved" as const }))
        for (const body of [{ outcomes: many }, { outcomes: { acquirer_reference: reference, outcome: "approved" } }, {}]) {
          const res = await pos.post("/pos/card-outcomes", body)
          expect([res.status, res.data.code, res.data.message.split(":")[0]]).toEqual([400, "INVALID_DATA", "outcomes"])
        }
        const badOutcome = await pos.cardOutcomes([{ acquirer_reference: reference, outcome: "maybe" as never }])
        expect([badOutcome.status, (badOutcome.data as any).message.split(":")[0]]).toEqual([400, "outcomes.0.outcome"])
        const forged = new PosClient({ baseUrl: http.defaults.baseURL!, terminalId: terminal.id, secret: `${secret}x` })
        const unsigned = await forged.cardOutcomes([{ acquirer_reference: reference, outcome: "approved" }])
        expect([unsigned.status, (unsigned.data as any).code]).toEqual([401, "INVALID_SIGNATURE"])
        expect((await ledger().retrieveOmnichannelOperation(op.id)).status).toBe("pending")
      })
    })
    describe("metrics", () => {
      it("offline payments pending and the amount at risk by currency, outcomes approved / declined, declines whose link was paid", async () => {
        const scrape = async () => (await http.get("/omnichannel/metrics", { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).data as string
        const before = await scrape()
        const counted = (text: string, outcome: string) => metric(text, "omnichannel_offline_payment_outcomes_total", { outcome, currency: "EUR" })
        const a = await offlineSale([offlineCard(3000)])
        const b = await offlineSale([{ method: "cash", amount: 1500 }, offlineCard(1500)], { customer: { email: "metrics@example.com" } })
        const held = await scrape()
        expect(metric(held, "omnichannel_offline_payments_pending", { currency: "EUR" })).toBe(2)
        expect(metric(held, "omnichannel_offline_amount_at_risk", { currency: "EUR" })).toBe(4500)
        // They are not operations stuck at the acquirer.
        expect(metric(held, "omnichannel_pending_operations", { type: "payment" })).toBe(0)

        await pos.cardOutcomes([{ acquirer_reference: a.reference, outcome: "approved" }, { acquirer_reference: b.reference, outcome: "declined" }])
        const settled = await scrape()
        expect(metric(settled, "omnichannel_offline_payments_pending", { currency: "EUR" })).toBe(0)
        expect(metric(settled, "omnichannel_offline_amount_at_risk", { currency: "EUR" })).toBe(0)
        expect([counted(settled, "approved") - counted(before, "approved"), counted(settled, "declined") - counted(before, "declined")]).toEqual([1, 1])
        expect(metric(settled, "omnichannel_offline_declines_recovered")).toBe(0)

        const [link] = await linksOf(b.order_id)
        const token = decodeURIComponent(ledger().viewPaymentLink(link).url.split("/").pop()!)
        const shop = (body: unknown) =>
          http.post(`/store/omnichannel/payment-links/${token}/pay`, body, { headers: { "x-publishable-api-key": store.seed.publishable_key } }).catch((e) => e.response)
        const form = await shop({})
        const hostedId = await tokenizeInHostedForm(http, form.data.hosted_card, TEST_CARDS.approved)
        expect((await shop({ hosted_tokenization_id: hostedId, return_url: `http://localhost:9000/shop/pay/${token}?returned=1` })).data.status).toBe("paid")
        expect(metric(await scrape(), "omnichannel_offline_declines_recovered")).toBe(1)
      })
    })
  },
})
