import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import type { AxiosResponse } from "axios"
import { parse } from "csv-parse/sync"
import { computeOfflineToken } from "../../plugin/src/pos-client"
import { TEST_CARDS } from "../helpers/checkout"
import { admin, captureInMedusa, nextRef, onlineOrder, openShop, payLink, type Shop } from "../helpers/one-order"
import { storeTestRunner } from "../helpers/store-runner"

jest.setTimeout(300 * 1000)

const TOKEN_KEY = "operations-export-suite-token-key-0123456789"
const COLUMNS = [
  "created_at", "payment_id", "order_display_id", "channel", "method", "type", "status", "amount",
  "currency_code", "terminal", "stock_location", "card_brand", "card_last4", "crm_token", "reference",
]
const DAY = 86_400_000
// The test's own table of digits, not the plugin's: the oracle must not share the code it checks.
const DIGITS: Record<string, number> = { EUR: 2, JPY: 0 }
const decimal = (minor: number, currency: string) => (minor / 10 ** DIGITS[currency]).toFixed(DIGITS[currency])
/** Several thousand operations on one chain, 200 days back: outside the default window, read in more than one page. */
const BULK = 6_000
const BULK_AT = Date.now() - 200 * DAY

type Row = Record<(typeof COLUMNS)[number], string>

/**
 * GET /admin/omnichannel/operations/export (DESIGN 7.3): every operation of a window as CSV,
 * checked row by row against the chains the admin API shows; and the admin's search of
 * chains by payment id, CRM token or BIN + last 4 (GET /admin/omnichannel/chains?q=).
 */
storeTestRunner({
  env: { OMNI_TOKEN_KEY: TOKEN_KEY },
  testSuite: ({ api, getContainer }) => {
    let shop: Shop
    const chains = {} as { online: string; till: string; jpy: string; bulk: string }
    let tillCrmToken: string
    let onlineCrmToken: string

    const get = (url: string) => admin(shop, "get", url)
    const exportOf = async (query = ""): Promise<{ res: AxiosResponse; rows: Row[] }> => {
      const res = await shop.http.get(`/admin/omnichannel/operations/export${query}`, { headers: shop.headers, responseType: "text" }).catch((e) => e.response)
      if (res.status !== 200) return { res, rows: [] }
      const [header, ...rest] = parse(res.data as string, { relax_column_count: false }) as string[][]
      expect(header).toEqual(COLUMNS)
      return { res, rows: rest.map((cells) => Object.fromEntries(COLUMNS.map((c, i) => [c, cells[i]])) as Row) }
    }

    // Seeded once (the runner snapshots the database after these hooks): chains in every channel.
    beforeAll(async () => {
      shop = await openShop(api, getContainer())
      // Online: the registered customer's card, authorized, captured in Medusa's admin, kept (a CRM token).
      const online = await onlineOrder(shop, "EUR")
      expect((await captureInMedusa(shop, online.medusa_payment_id)).status).toBe(200)
      chains.online = online.payment_id
      // Refunded at the till, to the card used online; its reference is what a spreadsheet would run.
      const refund = await shop.pos.refunds({ payment_id: online.payment_id, amount: 700, currency_code: "EUR", reference: '=HYPERLINK("http://x"),"1"' })
      expect(refund.status).toBe(201)

      // In store: a deposit by card (a known card, 497403****8108) and cash; the balance paid by link.
      const sale = await shop.pos.sales({
        sale_id: nextRef("S-EXPORT"),
        occurred_at: new Date().toISOString(),
        currency_code: "EUR",
        customer: { email: "export@example.com" },
        items: [{ sku: "SHIRT-M", quantity: 2, unit_price: 1500, fulfilled: false }],
        payments: [
          { method: "card", amount: 1000, acquirer_reference: nextRef("T"), card: { brand: "visa", bin: "497403", last4: "8108", offline_token: computeOfflineToken(TOKEN_KEY, "4974030000008108") } },
          { method: "cash", amount: 500 },
        ],
      })
      expect(sale.status).toBe(201)
      chains.till = sale.data.payment_id
      tillCrmToken = sale.data.crm_token
      const link = await admin(shop, "post", `/admin/omnichannel/chains/${chains.till}/payment-links`, {})
      expect(link.status).toBe(201)
      expect((await payLink(shop, link.data.payment_link.url)).status).toBe(200)

      // Yen, no decimals: cash at the till.
      const yen = await shop.pos.sales({
        sale_id: nextRef("S-EXPORT-JPY"),
        occurred_at: new Date().toISOString(),
        currency_code: "JPY",
        items: [{ sku: "CUP-GLAZED", quantity: 1, unit_price: 1500, fulfilled: true }],
        payments: [{ method: "cash", amount: 1500 }],
      })
      expect(yen.status).toBe(201)
      chains.jpy = yen.data.payment_id
      onlineCrmToken = (await shop.http.get(`/admin/omnichannel/chains/${chains.online}`, { headers: shop.headers })).data.chain.crm_token

      // Bulk: a chain with several thousand payments written straight into the ledger's table.
      const ledger = shop.container.resolve<any>("omnichannel")
      const bulk = await ledger.openChain({ currency_code: "EUR", origin_channel: "kiosk" })
      chains.bulk = bulk.payment_id
      const knex = shop.container.resolve(ContainerRegistrationKeys.PG_CONNECTION)
      await knex.raw(
        `insert into omnichannel_operation (id, chain_id, type, channel, method, status, amount, currency_code, reference, created_at, updated_at)
         select 'oop_exportbulk_' || lpad(g::text, 5, '0'), ?, 'payment', 'kiosk', 'cash', 'succeeded', g, 'EUR', 'K-' || g,
                to_timestamp(? / 1000.0) + (g / 4) * interval '1 second', now()
           from generate_series(1, ${BULK}) as g`,
        [bulk.id, BULK_AT]
      )
    })

    describe("GET /admin/omnichannel/operations/export", () => {
      it("writes one row per operation of the last 31 days, each the operation the chain shows: amounts in the currency's decimals, the order's display id, the card on card rows", async () => {
        const { res, rows } = await exportOf()
        expect(res.headers["content-type"]).toMatch(/^text\/csv/)
        expect(res.headers["content-disposition"]).toMatch(/^attachment; filename="omnichannel-operations-\d{4}-\d{2}-\d{2}-to-\d{4}-\d{2}-\d{2}\.csv"$/)

        const expected: Row[] = []
        for (const paymentId of [chains.online, chains.till, chains.jpy]) {
          const chain = (await get(`/admin/omnichannel/chains/${paymentId}`)).data.chain
          const displayId = String((await get(`/admin/orders/${chain.order_id}?fields=display_id`)).data.order.display_id)
          for (const op of chain.operations) {
            const card = op.method === "card"
            const reference = op.reference && /^[=+\-@]/.test(op.reference) ? `'${op.reference}` : op.reference ?? ""
            expected.push({
              created_at: new Date(op.created_at).toISOString(), payment_id: paymentId, order_display_id: displayId, channel: op.channel, method: op.method,
              type: op.type, status: op.status, amount: decimal(op.amount, chain.currency_code), currency_code: chain.currency_code,
              terminal: op.terminal_id ?? "", stock_location: op.stock_location_id ?? "", card_brand: card ? chain.card?.brand ?? "" : "",
              card_last4: card ? chain.card?.last4 ?? "" : "", crm_token: chain.crm_token ?? "", reference,
            })
          }
        }
        const key = (r: Row) => COLUMNS.map((c) => r[c]).join("|")
        expect(rows.map(key).sort()).toEqual(expected.map(key).sort())
        // Oldest first, the bulk chain (200 days back) outside the default window.
        expect(rows.map((r) => r.created_at)).toEqual([...rows.map((r) => r.created_at)].sort())
        expect(rows.some((r) => r.payment_id === chains.bulk)).toBe(false)

        // What the seeded purchases are: every channel, tender and kind, in both currencies.
        const kinds = (r: Row) => `${r.channel}:${r.method}:${r.type}`
        for (const kind of ["online:card:capture", "in_store:card:refund", "in_store:card:payment", "in_store:cash:payment", "pay_by_link:card:payment"]) {
          expect({ kind, rows: rows.filter((r) => kinds(r) === kind && r.status === "succeeded").length > 0 }).toEqual({ kind, rows: true })
        }
        expect(rows.filter((r) => r.payment_id === chains.jpy).map((r) => [r.amount, r.currency_code])).toEqual([["1500", "JPY"]])
        expect(rows.find((r) => r.type === "refund")!.amount).toBe("7.00")
        const tillCard = rows.find((r) => r.payment_id === chains.till && r.method === "card" && r.channel === "in_store")!
        expect([tillCard.card_brand, tillCard.card_last4, tillCard.crm_token, tillCard.terminal, tillCard.stock_location]).toEqual(["visa", "8108", tillCrmToken, shop.terminal.id, shop.terminal.stock_location_id])
        const cash = rows.find((r) => r.payment_id === chains.till && r.method === "cash")!
        expect([cash.card_brand, cash.card_last4, cash.crm_token]).toEqual(["", "", tillCrmToken])
        // The refund's reference is text in a spreadsheet, commas and quotes intact.
        expect(rows.find((r) => r.type === "refund")!.reference).toBe(`'=HYPERLINK("http://x"),"1"`)
        expect(res.data).toContain(`"'=HYPERLINK(""http://x""),""1"""`)
      })

      it("narrows by channel, method, terminal, CRM token and window, each exactly to the rows that match", async () => {
        const { rows: all } = await exportOf()
        const cases: [string, (r: Row) => boolean][] = [
          ["channel=in_store", (r) => r.channel === "in_store"],
          ["channel=pay_by_link", (r) => r.channel === "pay_by_link"],
          ["method=cash", (r) => r.method === "cash"],
          [`terminal_id=${shop.terminal.id}`, (r) => r.terminal === shop.terminal.id],
          [`crm_token=${tillCrmToken}`, (r) => r.crm_token === tillCrmToken],
          [`channel=in_store&method=card`, (r) => r.channel === "in_store" && r.method === "card"],
        ]
        for (const [query, match] of cases) {
          const { rows } = await exportOf(`?${query}`)
          expect(rows.length).toBeGreaterThan(0)
          expect({ query, rows }).toEqual({ query, rows: all.filter(match) })
        }
        expect((await exportOf("?channel=marketplace")).rows).toEqual([])

        const from = new Date(Date.now() - DAY).toISOString()
        expect((await exportOf(`?from=${encodeURIComponent(from)}`)).rows).toEqual(all)
        // A date-only `to` includes that day; a window before everything is empty (header only).
        const today = new Date().toISOString().slice(0, 10)
        expect((await exportOf(`?from=${today}&to=${today}`)).rows).toEqual(all.filter((r) => r.created_at.startsWith(today)))
        const empty = await exportOf("?from=2020-01-01&to=2020-01-31")
        expect(empty.rows).toEqual([])
        expect(empty.res.data).toBe(COLUMNS.join(",") + "\r\n")
      })

      it("streams several thousand operations across pages, each once and in order, the same whatever the page size", async () => {
        const window = `?from=${new Date(BULK_AT - DAY).toISOString().slice(0, 10)}&to=${new Date(BULK_AT + DAY).toISOString().slice(0, 10)}`
        const { rows } = await exportOf(window) // pages of 5,000
        expect(rows).toHaveLength(BULK)
        expect(rows.map((r) => r.reference)).toEqual(Array.from({ length: BULK }, (_, i) => `K-${i + 1}`))
        expect(rows[BULK - 1]).toEqual(expect.objectContaining({ payment_id: chains.bulk, order_display_id: "", channel: "kiosk", method: "cash", amount: "60.00" }))
        const chain = (await get(`/admin/omnichannel/chains/${chains.bulk}`)).data.chain
        expect(chain.operations).toHaveLength(BULK)
        expect(chain.totals.paid / 100).toBe(rows.reduce((sum, r) => sum + Number(r.amount), 0))

        // Small pages: many keyset steps, over rows that share a second (4 a second, by id within it).
        const recent = (await exportOf()).rows
        process.env.OMNI_EXPORT_PAGE_SIZE = "7"
        try {
          expect((await exportOf(window)).rows).toEqual(rows)
          expect((await exportOf()).rows).toEqual(recent)
        } finally {
          delete process.env.OMNI_EXPORT_PAGE_SIZE
        }
      })

      it("refuses a bad query 400 naming the field, and writes nothing", async () => {
        const operationsBefore = (await shop.container.resolve(ContainerRegistrationKeys.PG_CONNECTION).raw("select count(*)::int as n from omnichannel_operation")).rows[0].n
        const refused: [string, string][] = [
          ["?from=2026-11-10&to=2026-11-01", "from"],
          ["?from=yesterday", "from"],
          ["?from=2026-02-30", "from"],
          ["?to=2026-11-01T25:00:00Z", "to"],
          ["?from=2024-01-01&to=2025-06-01", "to"],
          ["?channel=fax", "channel"],
          ["?method=cheque", "method"],
          [`?crm_token=${TEST_CARDS.approved}`, "crm_token"],
          ["?crm_token=abc", "crm_token"],
        ]
        for (const [query, field] of refused) {
          const res = await get(`/admin/omnichannel/operations/export${query}`)
          expect({ query, status: res.status }).toEqual({ query, status: 400 })
          expect(res.data.message).toContain(field)
          expect(res.data.message).not.toContain(TEST_CARDS.approved.slice(6, 12))
        }
        // Exactly 366 days is allowed.
        expect((await get("/admin/omnichannel/operations/export?from=2024-01-01&to=2024-12-31")).status).toBe(200)
        expect((await shop.http.get("/admin/omnichannel/operations/export").catch((e) => e.response)).status).toBe(401)
        const operationsAfter = (await shop.container.resolve(ContainerRegistrationKeys.PG_CONNECTION).raw("select count(*)::int as n from omnichannel_operation")).rows[0].n
        expect(operationsAfter).toBe(operationsBefore)
      })
    })

    describe("GET /admin/omnichannel/chains?q=", () => {
      const found = async (query: string) => {
        const res = await get(`/admin/omnichannel/chains${query}`)
        expect({ query, status: res.status }).toEqual({ query, status: 200 })
        return (res.data.chains as { payment_id: string }[]).map((c) => c.payment_id).sort()
      }

      it("finds chains by payment id, CRM token, or BIN + last 4 (spaces and x masks accepted)", async () => {
        expect(await found(`?q=${chains.online}`)).toEqual([chains.online])
        expect(await found(`?q=${chains.till.replace(/(\d{4})/g, "$1 ")}`.replace(/ /g, "%20"))).toEqual([chains.till])
        expect(await found(`?q=${tillCrmToken}`)).toEqual([chains.till])
        expect(await found(`?q=${onlineCrmToken}`)).toEqual([chains.online])
        expect(await found("?q=497403****8108")).toEqual([chains.till])
        expect(await found(`?q=${encodeURIComponent("4974 03xx xxxx 8108")}`)).toEqual([chains.till])
        expect(await found(`?q=${onlineCrmToken.slice(0, 6)}******${onlineCrmToken.slice(-4)}`)).toEqual([chains.online])
        expect(await found("?q=497403****0000")).toEqual([])
        expect(await found("?q=9000000000000000006")).toEqual([])
      })

      it("keeps the other filters, each narrowing the search", async () => {
        const order = (await get(`/admin/omnichannel/chains/${chains.till}`)).data.chain.order_id
        expect(await found(`?order_id=${order}`)).toEqual([chains.till])
        expect(await found(`?crm_token=${tillCrmToken}`)).toEqual([chains.till])
        expect(await found(`?q=497403****8108&order_id=${order}`)).toEqual([chains.till])
        expect(await found(`?q=${chains.online}&order_id=${order}`)).toEqual([])
        expect(await found(`?q=${chains.online}&crm_token=${tillCrmToken}`)).toEqual([])
        const all = await found("?limit=200")
        expect(all).toEqual(expect.arrayContaining(Object.values(chains).sort()))
        expect(await found("?q=")).toEqual(all)
      })

      it("refuses a q of no known shape, a card number, an 8-digit BIN, or a crm_token that is not one: 400 naming the field", async () => {
        const refused: [string, string][] = [
          ["?q=shoes", "q"],
          [`?q=${TEST_CARDS.approved}`, "q"],
          ["?q=12345678****8108", "q"],
          ["?q=123456**8108**", "q"],
          [`?crm_token=${TEST_CARDS.approved}`, "crm_token"],
          ["?crm_token=not-a-token", "crm_token"],
        ]
        for (const [query, field] of refused) {
          const res = await get(`/admin/omnichannel/chains${query}`)
          expect({ query, status: res.status }).toEqual({ query, status: 400 })
          expect(res.data.message).toContain(`${field}`)
          expect(res.data.message).not.toContain(TEST_CARDS.approved)
        }
      })
    })
  },
})
