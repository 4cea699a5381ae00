import { resolve } from "path"
import type { AxiosInstance } from "axios"
import type { IOmnichannelModuleService } from "../../plugin/src/modules/omnichannel/service"
import type { PosSale } from "../../plugin/src/pos-client"
import { storeTestRunner } from "../helpers/store-runner"
import { seededStore } from "../helpers/admin"
import { checkout, paidOnlineOrder, TEST_CARDS } from "../helpers/checkout"
import { newTill } from "../helpers/till-sale"
import { REFUSED_DOMAIN } from "../helpers/refusing-email-provider"
import { eventually } from "../helpers/webhook-receiver"

jest.setTimeout(300 * 1000)

const METRICS_TOKEN = "scrape-token-0123456789abcdef"

type Samples = { name: string; labels: Record<string, string>; value: number }[]

/** Prometheus text format, as a scraper reads it. */
function parse(text: string): Samples {
  const samples: Samples = []
  for (const line of text.split("\n")) {
    if (!line || line.startsWith("#")) continue
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line)
    if (!m) throw new Error(`not a Prometheus sample line: ${line}`)
    const labels: Record<string, string> = {}
    for (const [, k, v] of (m[2] ?? "").matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[k] = v
    samples.push({ name: m[1], labels, value: Number(m[3]) })
  }
  return samples
}

/** The sum of the samples of `name` whose labels include `labels`. */
function value(samples: Samples, name: string, labels: Record<string, string> = {}): number {
  return samples
    .filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
    .reduce((sum, s) => sum + s.value, 0)
}

/**
 * What an operator scrapes and what the admin's Health section shows, both moved by real
 * traffic: till sales (accepted, refused, forged, replayed), online checkouts (approved and
 * declined at the acquirer), refunds (one refused as REFUND_ORDER_LOCKED), a pending
 * operation, an undeliverable terminal notification and a stock discrepancy.
 */
storeTestRunner({
  env: {
    OMNI_TOKEN_KEY: "watching-payments-suite-token-key-0123456789",
    OMNI_METRICS: "true",
    OMNI_METRICS_TOKEN: METRICS_TOKEN,
    // An email provider that refuses one domain: an e-receipt it refuses is an undelivered email.
    OMNI_EMAIL_PROVIDER: resolve(__dirname, "../helpers/refusing-email-provider"),
  },
  testSuite: ({ api, getContainer }) => {
    const store = seededStore(api, getContainer)
    const http = () => api as AxiosInstance
    const scrape = async () => {
      const res = await http().get("/omnichannel/metrics", { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })
      expect(res.status).toBe(200)
      expect(res.headers["content-type"]).toMatch(/^text\/plain;.*version=0\.0\.4/)
      return parse(res.data)
    }


    describe("GET /omnichannel/metrics", () => {
      it("serves metrics only to a scrape with the configured token", async () => {
        const none = await http().get("/omnichannel/metrics").catch((e) => e.response)
        expect([none.status, none.data.code]).toEqual([401, "METRICS_TOKEN_INVALID"])
        expect(none.data.message).toMatch(/^Authorization: /)
        const wrong = await http().get("/omnichannel/metrics", { headers: { authorization: "Bearer scrape-token-0123456789abcdeX" } }).catch((e) => e.response)
        expect([wrong.status, wrong.data.code]).toEqual([401, "METRICS_TOKEN_INVALID"])
        const samples = await scrape()
        // The ledger's gauges are there from the first scrape, zero on an empty store.
        expect(value(samples, "omnichannel_pending_operations")).toBe(0)
        expect(samples.some((s) => s.name === "omnichannel_outbox_messages" && s.labels.status === "dead")).toBe(true)
      })

    })

    describe("metrics and the admin's health view", () => {
      it("counts what tills, shoppers and admins do, and the admin's health view shows the same day", async () => {
        const before = await scrape()
        const paris = store.seed.stock_location_ids.store_paris
        // A till whose webhook nobody answers: its notifications stay undelivered.
        const { terminal, pos } = await newTill(http(), store.headers, { name: "Till Health", stock_location_id: paris, webhook_url: "http://127.0.0.1:9/pos-webhook" })
        const sale = (sale_id: string, sku = "SHIRT-M"): PosSale => ({
          sale_id,
          occurred_at: new Date().toISOString(),
          currency_code: "EUR",
          items: [{ sku, quantity: 1, unit_price: 1500, fulfilled: true }],
          payments: [{ method: "card", amount: 1500, acquirer_reference: `T-${sale_id}`, card: { brand: "visa", bin: "424242", last4: "4242" } }],
        })

        const first = { ...sale("H-1"), customer: { email: `nobody${REFUSED_DOMAIN}` } }
        const sold = await pos.sales(first)
        expect(sold.status).toBe(201)
        const replayed = await pos.sales(first)
        expect([replayed.status, replayed.headers["idempotent-replayed"]]).toEqual([201, "true"])
        const unknown = await pos.sales(sale("H-2", "NO-SUCH-SKU"))
        expect([unknown.status, unknown.data.code]).toEqual([422, "UNKNOWN_SKU"])
        const forged = await http()
          .post("/pos/sales", sale("H-3"), { headers: { "x-omni-terminal": terminal.id, "x-omni-timestamp": String(Math.floor(Date.now() / 1000)), "x-omni-signature": "v1=00" } })
          .catch((e) => e.response)
        expect([forged.status, forged.data.code]).toEqual([401, "INVALID_SIGNATURE"])

        // Online: one card approved (and captured by the admin), one declined by the issuer.
        const paid = await paidOnlineOrder(http(), store.container, store.seed, store.headers)
        const declined = await checkout(http(), store.seed, { card: TEST_CARDS.declined })
        expect(declined.order).toBeNull()
        // The acquirer's first answer is lost (a timeout): the retry with the same key gets it.
        const lost = await checkout(http(), store.seed, { card: TEST_CARDS.acquirerError })
        expect(lost.order).not.toBeNull()

        // The same refund reference twice: the second is REFUND_ORDER_LOCKED.
        const refund = { amount: 500, currency_code: "EUR", reference: "R-HEALTH" }
        const refunded = await http().post(`/admin/omnichannel/chains/${paid.payment_id}/refunds`, refund, { headers: store.headers })
        expect(refunded.status).toBe(201)
        const again = await http().post(`/admin/omnichannel/chains/${paid.payment_id}/refunds`, refund, { headers: store.headers }).catch((e) => e.response)
        expect([again.status, again.data.code]).toEqual([409, "REFUND_ORDER_LOCKED"])

        // An operation whose outcome is not known yet, as a lost acquirer answer leaves one.
        const ledger = store.container.resolve<IOmnichannelModuleService>("omnichannel")
        const chain = await ledger.retrieveChainByPaymentId(sold.data.payment_id)
        await ledger.beginOperation(chain.id, { type: "payment", channel: "online", amount: 100, currency_code: "EUR", status: "pending", idempotency_key: "health-pending" })

        // A till counts far fewer shirts than were sold: the level goes below zero.
        const counted = await pos.events({ event_id: "H-ADJ-1", type: "stock.adjusted", sku: "SHIRT-L", quantity: -100000, occurred_at: new Date().toISOString() })
        expect(counted.status).toBe(201)

        const after = await eventually(async () => {
          const s = await scrape()
          return value(s, "omnichannel_stock_discrepancies_open") > value(before, "omnichannel_stock_discrepancies_open") &&
            value(s, "omnichannel_outbox_messages", { status: "pending" }) > 0
            ? s
            : null
        }, 60_000)
        const delta = (name: string, labels: Record<string, string> = {}) => value(after, name, labels) - value(before, name, labels)

        expect(delta("omnichannel_operations_total", { type: "payment", channel: "in_store", method: "card", outcome: "succeeded" })).toBe(1)
        expect(delta("omnichannel_operations_total", { channel: "online", outcome: "declined" })).toBe(1)
        expect(delta("omnichannel_operations_total", { type: "refund", outcome: "succeeded" })).toBe(1)
        expect(delta("omnichannel_idempotent_replays_total", { scope: "pos:sale" })).toBe(1)
        expect(delta("omnichannel_pos_refusals_total", { route: "sales", code: "UNKNOWN_SKU", terminal: terminal.id })).toBe(1)
        expect(delta("omnichannel_pos_refusals_total", { route: "sales", code: "INVALID_SIGNATURE", terminal: "unverified" })).toBe(1)
        // Four till requests answered (the forged one included), each timed.
        expect(delta("omnichannel_pos_request_duration_seconds_count", { route: "sales" })).toBe(4)
        expect(delta("omnichannel_refund_order_locked_total")).toBe(1)
        expect(delta("omnichannel_api_refusals_total", { surface: "admin", code: "REFUND_ORDER_LOCKED" })).toBe(1)
        expect(delta("omnichannel_acquirer_request_duration_seconds_count", { call: "authorize", outcome: "ok" })).toBeGreaterThanOrEqual(1)
        expect(delta("omnichannel_acquirer_errors_total", { call: "authorize", kind: "declined", reason: "DECLINED" })).toBe(1)
        expect(delta("omnichannel_acquirer_errors_total", { call: "authorize", kind: "retryable" })).toBe(1)
        // Both attempts of the lost answer were timed, the failed one and the retry.
        expect(delta("omnichannel_acquirer_request_duration_seconds_count", { call: "authorize", outcome: "retryable" })).toBe(1)
        expect(value(after, "omnichannel_pending_operations", { type: "payment" })).toBe(1)
        expect(value(after, "omnichannel_pending_operation_oldest_age_seconds", { type: "payment" })).toBeGreaterThan(0)

        // The admin's view of the same, from the ledger.
        const bad = await http().get("/admin/omnichannel/health?window=1y", { headers: store.headers }).catch((e) => e.response)
        expect(bad.status).toBe(400)
        expect(bad.data.message).toMatch(/window/)
        // The e-receipt is sent by a subscriber after the answer: wait until Medusa recorded its failure.
        const health = await eventually(async () => {
          const { data } = await http().get("/admin/omnichannel/health?window=24h", { headers: store.headers })
          return data.health.emails_failed > 0 ? data.health : null
        }, 30_000)
        expect(health.emails_failed).toBe(1)
        expect(health.window).toBe("24h")
        expect(health.channels).toEqual(
          expect.arrayContaining([
            expect.objectContaining({ channel: "in_store", approved: 1, declined: 0, approval_rate: 1 }),
            // The pending payment above is online too: pending is not counted in the rate.
            expect.objectContaining({ channel: "online", approved: 2, declined: 1, pending: 1, approval_rate: 0.6667 }),
          ])
        )
        expect(health.decline_reasons).toEqual([{ channel: "online", reason: "DECLINED", count: 1 }])
        expect(health.acquirer.calls).toBeGreaterThanOrEqual(3)
        expect(health.acquirer.unavailable).toBe(1)
        expect(health.acquirer.p50_ms).toEqual(expect.any(Number))
        expect(health.acquirer.p95_ms).toBeGreaterThanOrEqual(health.acquirer.p50_ms)
        expect(health.acquirer.by_call).toEqual(expect.arrayContaining([expect.objectContaining({ call: "authorize", errors: 2 })]))
        const till = health.till_ingestion.find((t: any) => t.terminal_id === terminal.id)
        // The forged request was never the terminal's: only what the store answered the till is here.
        expect(till).toEqual(expect.objectContaining({ terminal_name: "Till Health", refused: 1, refusals: [{ code: "UNKNOWN_SKU", count: 1 }] }))
        expect(health.pending_operations.count).toBe(1)
        expect(health.pending_operations.oldest[0]).toEqual(expect.objectContaining({ type: "payment", amount: 100, payment_id: sold.data.payment_id }))
        expect(health.terminal_notifications).toEqual(expect.arrayContaining([expect.objectContaining({ terminal_id: terminal.id, status: "pending" })]))
        expect(health.open_stock_discrepancies).toBeGreaterThanOrEqual(1)
        expect(health.daily.every((d: any) => /^\d{4}-\d{2}-\d{2}$/.test(d.day))).toBe(true)
      })
    })
  },
})
