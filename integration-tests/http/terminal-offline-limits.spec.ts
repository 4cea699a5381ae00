import type { AxiosInstance } from "axios"
import { PosClient, signPosPayload, type PosSale } from "../../plugin/src/pos-client"
import { storeTestRunner } from "../helpers/store-runner"
import { seededStore } from "../helpers/admin"
import { newTill } from "../helpers/till-sale"

jest.setTimeout(240 * 1000)

const TOKEN_KEY = "offline-limits-suite-token-key-0123456789ab"

/**
 * A till's offline limits (DESIGN 7.2): the admin sets them per terminal, the till reads them
 * with GET /pos/terminal, and a forwarded offline card payment beyond them is recorded anyway
 * and flagged.
 */
storeTestRunner({
  env: { OMNI_TOKEN_KEY: TOKEN_KEY },
  testSuite: ({ api, getContainer, dbConnection }) => {
    let terminal: { id: string; stock_location_id: string }
    let secret: string
    let pos: PosClient

    const store = seededStore(api, getContainer)
    const { admin } = store
    const limits = { max_payment: 5000, max_total: 8000, max_hours: 24, currency_code: "EUR" }
    const setLimits = (offline: unknown, id = terminal.id) => admin("post", `/admin/omnichannel/terminals/${id}`, { offline })
    const listed = async () =>
      (await admin("get", "/admin/omnichannel/terminals")).data.terminals.find((t: { id: string }) => t.id === terminal.id)
    const storedRow = async () =>
      (await dbConnection.raw("select * from omnichannel_terminal where id = ?", [terminal.id])).rows[0]

    /** An in-store sale paid by one card the terminal approved offline. */
    const offlineSale = (amount: number, occurred_at = new Date().toISOString(), currency_code = "EUR"): PosSale => ({
      sale_id: `S-${Math.random().toString(36).slice(2, 10)}`,
      occurred_at,
      currency_code,
      items: [{ sku: "SHIRT-M", quantity: 1, unit_price: amount, fulfilled: true }],
      payments: [
        {
          method: "card",
          amount,
          offline: true,
          acquirer_reference: `OFF-${Math.random().toString(36).slice(2, 10)}`,
          card: { brand: "visa", bin: "424242", last4: "4242" },
        },
      ],
    })

    beforeEach(async () => {
      ;({ terminal, secret, pos } = await newTill(api as AxiosInstance, store.headers, {
        name: "Lyon till 1",
        stock_location_id: store.seed.stock_location_ids.store_paris,
      }))
    })

    describe("POST /admin/omnichannel/terminals/:id", () => {
      it("sets the limits (currency stored uppercase), which the admin list and the till then read", async () => {
        const res = await setLimits({ ...limits, currency_code: "eur" })
        expect(res.status).toBe(200)
        expect(res.data.terminal).toMatchObject({ id: terminal.id, offline: limits })
        expect(res.data.terminal).not.toHaveProperty("secret_ciphertext")
        expect(res.data.terminal).not.toHaveProperty("offline_max_payment")
        expect((await listed()).offline).toEqual(limits)

        const own = await pos.terminal()
        expect(own.status).toBe(200)
        expect(own.data).toEqual({
          terminal: { id: terminal.id, name: "Lyon till 1", stock_location_id: terminal.stock_location_id, offline: limits },
        })
        expect(JSON.stringify(own.data)).not.toContain(secret)
      })

      it("clears them with offline: null; a body without offline leaves them alone", async () => {
        expect((await setLimits(limits)).status).toBe(200)
        const renamed = await admin("post", `/admin/omnichannel/terminals/${terminal.id}`, { name: "Lyon till A" })
        expect(renamed.status).toBe(200)
        expect(renamed.data.terminal).toMatchObject({ name: "Lyon till A", offline: limits })

        const cleared = await setLimits(null)
        expect(cleared.status).toBe(200)
        expect(cleared.data.terminal.offline).toBeNull()
        expect((await listed()).offline).toBeNull()
        expect((await pos.terminal()).data.terminal.offline).toBeNull()
        expect(await storedRow()).toMatchObject({
          offline_max_payment: null,
          offline_max_total: null,
          offline_max_hours: null,
          offline_currency_code: null,
        })
      })

      it("a terminal that never had limits reads offline: null", async () => {
        expect((await listed()).offline).toBeNull()
        expect((await pos.terminal()).data.terminal.offline).toBeNull()
      })

      it.each([
        [{ ...limits, max_payment: -1 }, "offline.max_payment"],
        [{ ...limits, max_payment: 10.5 }, "offline.max_payment"],
        [{ ...limits, max_total: 0 }, "offline.max_total"],
        [{ ...limits, max_total: "8000" }, "offline.max_total"],
        [{ ...limits, max_hours: 1.5 }, "offline.max_hours"],
        [{ ...limits, max_hours: -2 }, "offline.max_hours"],
        [{ ...limits, max_payment: 9000 }, "offline.max_payment"],
        [{ ...limits, currency_code: "EURO" }, "offline.currency_code"],
        [{ ...limits, currency_code: "XYZ" }, "offline.currency_code"],
        [{ max_payment: 5000, max_total: 8000, max_hours: 24 }, "offline.currency_code"],
        [{ ...limits, card_number: "4111111111111111" }, "offline"],
      ])("refuses offline %j with 400 naming %s, changing nothing", async (offline, field) => {
        expect((await setLimits(limits)).status).toBe(200)
        const res = await setLimits(offline)
        expect([res.status, res.data.code]).toEqual([400, "INVALID_DATA"])
        expect(res.data.message.startsWith(`${field}:`)).toBe(true)
        expect((await listed()).offline).toEqual(limits)
      })

      it("refuses an unknown field or a bad webhook_url naming it", async () => {
        const unknown = await admin("post", `/admin/omnichannel/terminals/${terminal.id}`, { secret: "x" })
        expect([unknown.status, unknown.data.code]).toEqual([400, "INVALID_DATA"])
        const url = await admin("post", `/admin/omnichannel/terminals/${terminal.id}`, { webhook_url: "ftp://x" })
        expect([url.status, url.data.code]).toEqual([400, "INVALID_DATA"])
        expect(url.data.message).toMatch(/^webhook_url:/)
      })

      it("answers 404 for an unknown terminal", async () => {
        const res = await setLimits(limits, "oterm_unknown")
        expect([res.status, res.data.code]).toEqual([404, "NOT_FOUND"])
      })

      it("refuses to change a deactivated terminal (422), as rotating its secret does", async () => {
        expect((await admin("delete", `/admin/omnichannel/terminals/${terminal.id}`)).status).toBe(200)
        const res = await setLimits(limits)
        expect([res.status, res.data.code]).toEqual([422, "OPERATION_NOT_ALLOWED"])
        expect((await storedRow()).offline_max_payment).toBeNull()
      })
    })

    describe("GET /pos/terminal", () => {
      const getSigned = (headers: Record<string, string>) => api.get("/pos/terminal", { headers }).catch((e) => e.response)

      it("refuses an unsigned request, a wrong signature, a signature over a body, a stale timestamp and an unknown terminal (401)", async () => {
        expect((await setLimits(limits)).status).toBe(200)
        const ts = Math.floor(Date.now() / 1000)
        const cases: [Record<string, string>, string][] = [
          [{}, "UNKNOWN_TERMINAL"],
          [{ "x-omni-terminal": terminal.id, "x-omni-timestamp": String(ts) }, "INVALID_SIGNATURE"],
          [{ "x-omni-terminal": terminal.id, "x-omni-timestamp": String(ts), "x-omni-signature": signPosPayload("pos_sk_" + "0".repeat(64), ts, "") }, "INVALID_SIGNATURE"],
          [{ "x-omni-terminal": terminal.id, "x-omni-timestamp": String(ts), "x-omni-signature": signPosPayload(secret, ts, "{}") }, "INVALID_SIGNATURE"],
          [{ "x-omni-terminal": terminal.id, "x-omni-timestamp": String(ts - 400), "x-omni-signature": signPosPayload(secret, ts - 400, "") }, "STALE_TIMESTAMP"],
          [{ "x-omni-terminal": "oterm_unknown", "x-omni-timestamp": String(ts), "x-omni-signature": signPosPayload(secret, ts, "") }, "UNKNOWN_TERMINAL"],
        ]
        for (const [headers, code] of cases) {
          const res = await getSigned(headers)
          expect([res.status, res.data.code]).toEqual([401, code])
          expect(JSON.stringify(res.data)).not.toContain("max_payment")
        }
        // The same headers, correctly signed over the empty body, are let through.
        const ok = await getSigned({ "x-omni-terminal": terminal.id, "x-omni-timestamp": String(ts), "x-omni-signature": signPosPayload(secret, ts, "") })
        expect(ok.status).toBe(200)
      })

      it("a deactivated terminal can no longer read its limits", async () => {
        expect((await admin("delete", `/admin/omnichannel/terminals/${terminal.id}`)).status).toBe(200)
        const res = await pos.get("/pos/terminal")
        expect([res.status, res.data.code]).toEqual([401, "UNKNOWN_TERMINAL"])
      })
    })

    describe("POST /pos/sales: a card approved offline beyond the limits is recorded all the same, and flagged", () => {
      /** The sale's answer and its offline card payment as the chain shows it. */
      const forward = async (body: PosSale) => {
        const res = await pos.sales(body)
        expect(res.status).toBe(201)
        const chain = await store.chainOf(res.data.payment_id)
        const op = chain.operations.find((o: { acquirer_reference: string | null }) => o.acquirer_reference === (body.payments[0] as { acquirer_reference: string }).acquirer_reference)
        expect(op).toEqual(expect.objectContaining({ type: "payment", method: "card", metadata: expect.objectContaining({ offline: true }) }))
        // Still awaiting its outcome, whatever the flags: the goods have left.
        expect(["pending", "offline_approved"]).toContain(op.status)
        return { res, op }
      }
      const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString()

      beforeEach(async () => {
        expect((await setLimits(limits)).status).toBe(200)
      })

      it("above max_payment: over_max_payment (at max_payment: no flag)", async () => {
        expect((await forward(offlineSale(5000))).op.metadata.offline_flags).toBeUndefined()
        const { op } = await forward(offlineSale(5001))
        expect(op.amount).toBe(5001)
        expect(op.metadata.offline_flags).toEqual(["over_max_payment", "over_max_total"])
      })

      it("the sale whose payment takes the pending total beyond max_total: over_max_total, the ones before it not", async () => {
        expect((await forward(offlineSale(4000))).op.metadata.offline_flags).toBeUndefined()
        expect((await forward(offlineSale(4000))).op.metadata.offline_flags).toBeUndefined() // 8000: at the limit
        expect((await forward(offlineSale(100))).op.metadata.offline_flags).toEqual(["over_max_total"])
        // Another currency is not counted against the limits' amounts.
        expect((await forward(offlineSale(100, undefined, "JPY"))).op.metadata.offline_flags).toBeUndefined()
      })

      it("forwarded more than max_hours after the sale: over_max_hours", async () => {
        expect((await forward(offlineSale(100, hoursAgo(23)))).op.metadata.offline_flags).toBeUndefined()
        expect((await forward(offlineSale(100, hoursAgo(25)))).op.metadata.offline_flags).toEqual(["over_max_hours"])
      })

      it("without limits nothing is flagged, however large or late", async () => {
        expect((await setLimits(null)).status).toBe(200)
        expect((await forward(offlineSale(50_000, hoursAgo(100)))).op.metadata.offline_flags).toBeUndefined()
      })
    })

    describe("POST /pos/sales/batch: the running total counts the batch's earlier sales", () => {
      it("flags the sale that takes it beyond max_total, in occurred_at order, and only that one", async () => {
        expect((await setLimits(limits)).status).toBe(200)
        expect((await pos.sales(offlineSale(3000))).status).toBe(201) // already pending
        const t = (minutes: number) => new Date(Date.now() - (60 - minutes) * 60_000).toISOString()
        // Sent out of order: applied by occurred_at, so 3000 + 2000 + 3000 = 8000 (at the limit), then + 500.
        const sales = [offlineSale(500, t(40)), offlineSale(2000, t(10)), offlineSale(3000, t(20))]
        const res = await pos.post("/pos/sales/batch", { sales })
        expect(res.status).toBe(200)
        expect(res.data.results.map((r: { status: number }) => r.status)).toEqual([201, 201, 201])
        const flags = await dbConnection.raw(
          "select amount, metadata -> 'offline_flags' as flags from omnichannel_operation where terminal_id = ? and deleted_at is null order by amount",
          [terminal.id]
        )
        expect(flags.rows).toEqual([
          { amount: 500, flags: ["over_max_total"] },
          { amount: 2000, flags: null },
          { amount: 3000, flags: null },
          { amount: 3000, flags: null },
        ])
      })
    })

    describe("offlineLimitFlags (the module method the sale paths call)", () => {
      const flagsFor = (payments: { amount: number; currency_code: string; occurred_at: string }[], received_at?: Date, id = terminal.id) =>
        store.container.resolve<any>("omnichannel").offlineLimitFlags(id, payments, received_at) as Promise<string[][]>
      const now = new Date()
      const at = (hoursAgo: number) => new Date(now.getTime() - hoursAgo * 3_600_000).toISOString()

      it("flags nothing for a terminal without limits, or an unknown one", async () => {
        const payments = [{ amount: 999_999, currency_code: "EUR", occurred_at: at(1000) }]
        expect(await flagsFor(payments, now)).toEqual([[]])
        expect(await flagsFor(payments, now, "oterm_unknown")).toEqual([[]])
      })

      it("counts the terminal's pending offline card payments, then the list's earlier ones, against max_total", async () => {
        expect((await setLimits(limits)).status).toBe(200)
        // 3000 pending for this terminal (an offline card), plus an online-approved card that does not count.
        expect((await pos.sales(offlineSale(3000))).status).toBe(201)
        const live = offlineSale(4000)
        live.payments = [{ method: "card", amount: 4000, acquirer_reference: "LIVE-1", card: { brand: "visa", bin: "424242", last4: "4242" } }]
        expect((await pos.sales(live)).status).toBe(201)
        // Another terminal's pending offline payment does not count either.
        const other = await newTill(api as AxiosInstance, store.headers, { name: "Other", stock_location_id: store.seed.stock_location_ids.store_paris })
        expect((await other.pos.sales(offlineSale(4500))).status).toBe(201)

        const flags = await flagsFor(
          [
            { amount: 2000, currency_code: "EUR", occurred_at: at(1) }, // 5000
            { amount: 3000, currency_code: "eur", occurred_at: at(1) }, // 8000: at the limit
            { amount: 6000, currency_code: "USD", occurred_at: at(1) }, // another currency: amounts not compared
            { amount: 5001, currency_code: "EUR", occurred_at: at(25) }, // everything
          ],
          now
        )
        expect(flags).toEqual([[], [], [], ["over_max_payment", "over_max_total", "over_max_hours"]])
      })

      it("stops counting a payment once the till has reported its outcome (approved or declined)", async () => {
        expect((await setLimits(limits)).status).toBe(200)
        const approved = offlineSale(3000)
        const declined = offlineSale(2000)
        for (const sale of [approved, declined]) expect((await pos.sales(sale)).status).toBe(201)
        const one = [{ amount: 3001, currency_code: "EUR", occurred_at: at(0) }]
        expect(await flagsFor(one, now)).toEqual([["over_max_total"]]) // 5000 pending + 3001
        const referenceOf = (sale: PosSale) => (sale.payments[0] as { acquirer_reference: string }).acquirer_reference
        const reported = await pos.post("/pos/card-outcomes", {
          outcomes: [
            { acquirer_reference: referenceOf(approved), outcome: "approved" },
            { acquirer_reference: referenceOf(declined), outcome: "declined", reason: "insufficient funds" },
          ],
        })
        expect(reported.status).toBe(200)
        expect(reported.data.results.map((r: { status: number }) => r.status)).toEqual([200, 200])
        expect(await flagsFor([{ amount: 5000, currency_code: "EUR", occurred_at: at(0) }], now)).toEqual([[]]) // nothing pending any more
      })

      it("measures max_hours from occurred_at to the time received (now by default)", async () => {
        expect((await setLimits({ ...limits, max_hours: 2 })).status).toBe(200)
        expect(await flagsFor([{ amount: 100, currency_code: "EUR", occurred_at: at(1.9) }])).toEqual([[]])
        expect(await flagsFor([{ amount: 100, currency_code: "EUR", occurred_at: at(2.1) }])).toEqual([["over_max_hours"]])
      })
    })
  },
})
