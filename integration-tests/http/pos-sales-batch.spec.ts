import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import type { AxiosInstance } from "axios"
import { PosClient, computeOfflineToken, type PosSale } from "../../plugin/src/pos-client"
import { toMinor } from "../../plugin/src/money"
import { storeTestRunner } from "../helpers/store-runner"
import { seededStore } from "../helpers/admin"
import { expectBooksAgree } from "../helpers/books"
import { newTill } from "../helpers/till-sale"
import { TEST_CARDS } from "../helpers/checkout"

jest.setTimeout(300 * 1000)

const TOKEN_KEY = "pos-sales-batch-suite-token-key-0123456789"

storeTestRunner({
  env: { OMNI_TOKEN_KEY: TOKEN_KEY },
  testSuite: ({ api, getContainer }) => {
    let terminal: { id: string; stock_location_id: string }
    let pos: PosClient

    const store = seededStore(api, getContainer)
    const ledger = () => store.container.resolve<any>("omnichannel")
    const query = () => store.container.resolve(ContainerRegistrationKeys.QUERY)
    const counts = async () => ({
      orders: (await store.container.resolve(Modules.ORDER).listOrders({}, { select: ["id"] })).length,
      chains: (await ledger().listOmnichannelChains({}, { select: ["id"] })).length,
      operations: (await ledger().listOmnichannelOperations({}, { select: ["id"] })).length,
      payments: (await store.container.resolve(Modules.PAYMENT).listPayments({}, { select: ["id"] })).length,
      movements: (await ledger().listOmnichannelStockMovements({}, { select: ["id"] })).length,
      customers: (await store.container.resolve(Modules.CUSTOMER).listCustomers({}, { select: ["id"] })).length,
    })
    const stockOf = async (sku: string) => {
      const inventory = store.container.resolve(Modules.INVENTORY)
      const [item] = await inventory.listInventoryItems({ sku })
      const [level] = await inventory.listInventoryLevels({ inventory_item_id: item.id, location_id: store.seed.stock_location_ids.store_paris })
      return Number(level.stocked_quantity)
    }
    const card = (reference: string, offline = false) => ({
      method: "card" as const,
      amount: 3000,
      acquirer_reference: reference,
      ...(offline ? { offline: true } : {}),
      card: { brand: "visa", bin: "424242", last4: "4242", offline_token: computeOfflineToken(TOKEN_KEY, TEST_CARDS.approved) },
    })
    const sale = (sale_id: string, overrides: Partial<PosSale> = {}): PosSale => ({
      sale_id,
      occurred_at: new Date().toISOString(),
      currency_code: "EUR",
      customer: { email: "ada@example.com", first_name: "Ada", last_name: "Lovelace" },
      items: [{ sku: "SHIRT-M", quantity: 2, unit_price: 1500, fulfilled: true }],
      payments: [card(`T-${sale_id}`)],
      ...overrides,
    })
    const at = (minute: number) => new Date(Date.UTC(2026, 11, 3, 10, minute)).toISOString()
    const batch = async (sales: unknown[]) => {
      const res = await pos.post("/pos/sales/batch", { sales })
      expect(res.status).toBe(200)
      return res.data.results as { sale_id: string; status: number; body: any; replayed?: boolean }[]
    }
    /** A body with what differs between two sales (ids, times, the sale's own references) left out. */
    const shape = (body: any) => ({
      keys: Object.keys(body).sort(),
      crm_token: body.crm_token,
      reservations: body.reservations,
      operations: body.operations.map((op: any) => {
        const { id, chain_id, created_at, updated_at, medusa_payment_id, idempotency_key, acquirer_reference, metadata, ...rest } = op
        const { pos_sale_id, occurred_at, ...meta } = metadata ?? {}
        return { ...rest, keys: Object.keys(op).sort(), meta, medusa_payment_id: medusa_payment_id ? "set" : null, idempotency_key: idempotency_key?.split(":").slice(-1)[0] }
      }),
    })

    beforeEach(async () => {
      ;({ terminal, pos } = await newTill(api as AxiosInstance, store.headers, { name: "Paris till 1", stock_location_id: store.seed.stock_location_ids.store_paris }))
    })

    describe("POST /pos/sales/batch: each sale answered as POST /pos/sales answers it", () => {
      it("new in-store sales are written together, each answered, booked and stocked as a single sale of the same shape", async () => {
        const shirtsBefore = await stockOf("SHIRT-M")
        const events: any[] = []
        store.container.resolve(Modules.EVENT_BUS).subscribe("omnichannel.pos_sale.ingested", async (e: any) => {
          events.push(e.data ?? e)
        })

        const results = await batch([
          sale("B-1"),
          sale("B-2", { customer: { email: "grace@example.com", first_name: "Grace" } }),
          sale("B-3", { customer: undefined, payments: [{ method: "cash", amount: 3000, tendered: 5000, change: 2000 }] }),
        ])
        expect(results.map((r) => [r.sale_id, r.status])).toEqual([["B-1", 201], ["B-2", 201], ["B-3", 201]])
        // Stock left the shop with the answer, together for the batch.
        expect(await stockOf("SHIRT-M")).toBe(shirtsBefore - 6)
        const single = await pos.sales(sale("S-SINGLE"))
        expect(single.status).toBe(201)
        expect(shape(results[0].body)).toEqual(shape(single.data))
        expect(shape(results[1].body)).toEqual(shape(single.data))
        expect(results[0].body.payment_id).toMatch(/^[1-9]\d{18}$/)
        expect(new Set(results.map((r) => r.body.payment_id)).size).toBe(3)
        expect(results[2].body.crm_token).toBeNull()
        expect(results[2].body.operations).toEqual([expect.objectContaining({ method: "cash", status: "succeeded", amount: 3000, metadata: expect.objectContaining({ tendered: 5000, change: 2000 }) })])

        for (const r of results) {
          const { data } = await query().graph({
            entity: "order",
            fields: ["id", "email", "sales_channel_id", "metadata", "customer.email", "items.variant_sku", "items.detail.quantity", "omnichannel_chains.payment_id", "summary.*"],
            filters: { id: r.body.order_id },
          })
          const order = data[0] as any
          expect(order.sales_channel_id).toBe(store.seed.sales_channel_ids.in_store)
          expect(order.metadata).toEqual({ pos_sale_id: r.sale_id, terminal_id: terminal.id, stock_location_id: terminal.stock_location_id })
          expect(order.items.map((i: any) => [i.variant_sku, Number(i.detail.quantity)])).toEqual([["SHIRT-M", 2]])
          expect(order.omnichannel_chains.map((c: any) => c.payment_id)).toEqual([r.body.payment_id])
          expect(toMinor(order.summary.paid_total, "EUR")).toBe(3000)
          const chain = (await store.admin("get", `/admin/omnichannel/chains/${r.body.payment_id}`)).data.chain
          expect(chain.totals.paid).toBe(3000)
          await expectBooksAgree(store.container, r.body.order_id)
        }
        expect((await query().graph({ entity: "order", fields: ["customer.email"], filters: { id: results[1].body.order_id } })).data[0].customer.email).toBe("grace@example.com")
        await new Promise((r) => setTimeout(r, 500))
        expect(events.map((e) => e.sale_id).sort()).toEqual(["B-1", "B-2", "B-3", "S-SINGLE"])
      })

      it("the same batch again gets the same answers, replayed, and writes nothing", async () => {
        const sales = [sale("R-1"), sale("R-2", { payments: [{ method: "external", amount: 3000, label: "Voucher", reference: "V-1" }] })]
        const first = await batch(sales)
        const before = await counts()
        const again = await batch(sales)
        expect(again.map((r) => [r.status, r.replayed])).toEqual([[201, true], [201, true]])
        expect(again.map((r) => r.body)).toEqual(first.map((r) => r.body))
        expect(await counts()).toEqual(before)
      })

      it("a sale sent alone and then in a batch, or in a batch and then alone, is applied once", async () => {
        const [a1, a2] = [sale("A-1"), sale("A-2")]
        const alone = await pos.sales(a1)
        expect(alone.status).toBe(201)
        const before = await counts()
        const results = await batch([a1, a2])
        expect(results.map((r) => [r.status, !!r.replayed])).toEqual([[201, true], [201, false]])
        expect(results[0].body).toEqual(alone.data)
        expect((await counts()).orders).toBe(before.orders + 1)

        const afterwards = await pos.sales(a2)
        expect([afterwards.status, afterwards.headers["idempotent-replayed"]]).toEqual([201, "true"])
        expect(afterwards.data).toEqual(results[1].body)
        expect((await counts()).orders).toBe(before.orders + 1)
      })

      it("a sale twice in one batch is applied once: the second copy is its replay, or 409 with another body", async () => {
        const twice = sale("T-1")
        const results = await batch([twice, twice, sale("T-2"), sale("T-2", { items: [{ sku: "SHIRT-M", quantity: 1, unit_price: 3000, fulfilled: true }] })])
        expect(results.map((r) => [r.status, !!r.replayed, r.body.code])).toEqual([[201, false, undefined], [201, true, undefined], [201, false, undefined], [409, false, "IDEMPOTENCY_KEY_REUSED"]])
        expect(results[1].body).toEqual(results[0].body)
        expect((await counts()).orders).toBe(2)
      })

      it("applies the sales in occurred_at order, not the order sent", async () => {
        const results = await batch([sale("O-LATE", { occurred_at: at(30) }), sale("O-EARLY", { occurred_at: at(5) }), sale("O-MIDDLE", { occurred_at: at(10) })])
        expect(results.map((r) => r.sale_id)).toEqual(["O-LATE", "O-EARLY", "O-MIDDLE"])
        const { data } = await query().graph({ entity: "order", fields: ["id", "display_id"], filters: { id: results.map((r) => r.body.order_id) } })
        const displayId = new Map((data as any[]).map((o) => [o.id, o.display_id]))
        const [late, early, middle] = results.map((r) => displayId.get(r.body.order_id))
        expect(early < middle && middle < late).toBe(true)
      })
    })

    describe("refusals inside a batch", () => {
      it("an unknown SKU refuses that sale alone (422, kept as its key's answer); the others apply", async () => {
        const unknown = sale("U-2", { items: [{ sku: "NO-SUCH-SKU", quantity: 1, unit_price: 3000, fulfilled: true }] })
        const results = await batch([sale("U-1"), unknown, sale("U-3")])
        expect(results.map((r) => r.status)).toEqual([201, 422, 201])
        expect(results[1].body).toEqual({ code: "UNKNOWN_SKU", type: "not_allowed", message: 'items.0.sku: unknown SKU "NO-SUCH-SKU"' })
        const alone = await pos.sales(unknown)
        expect([alone.status, alone.headers["idempotent-replayed"], alone.data]).toEqual([422, "true", results[1].body])
        const orders = await store.container.resolve(Modules.ORDER).listOrders({}, { select: ["metadata"] })
        expect(orders.map((o) => o.metadata?.pos_sale_id).sort()).toEqual(["U-1", "U-3"])
      })

      it("refuses as the single route does: a currency no region sells in, payments over the basket", async () => {
        const results = await batch([
          sale("C-1", { currency_code: "CHF" }),
          sale("C-2", { payments: [{ ...card("T-C-2"), amount: 3001 }] }),
          sale("C-3"),
        ])
        const single = await pos.sales(sale("C-4", { currency_code: "CHF" }))
        expect(results[0]).toEqual({ sale_id: "C-1", status: single.status, body: single.data })
        expect([results[1].status, results[1].body.code]).toEqual([422, "PAYMENTS_EXCEED_TOTAL"])
        expect(results[1].body.message.startsWith("payments:")).toBe(true)
        expect(results[2].status).toBe(201)
      })

      it("a malformed sale gets 400 naming its field, the others apply", async () => {
        const results = await batch([sale("M-1", { items: [{ sku: "SHIRT-M", quantity: 0, unit_price: 1500, fulfilled: true }] }), { sale_id: "M-2" }, sale("M-3")])
        expect(results.map((r) => [r.sale_id, r.status, r.body.code])).toEqual([["M-1", 400, "INVALID_DATA"], ["M-2", 400, "INVALID_DATA"], ["M-3", 201, undefined]])
        expect(results[0].body.message.startsWith("items.0.quantity")).toBe(true)
        expect(results[1].body.message.startsWith("occurred_at")).toBe(true)
        expect((await counts()).orders).toBe(1)
      })

      it.each([
        ["201 sales", { sales: Array.from({ length: 201 }, (_, i) => ({ sale_id: `X-${i}` })) }],
        ["sales not an array", { sales: { sale_id: "X-1" } }],
        ["no sales", {}],
      ])("%s: 400 naming sales, nothing written", async (_, body) => {
        const before = await counts()
        const res = await pos.post("/pos/sales/batch", body)
        expect([res.status, res.data.code]).toEqual([400, "INVALID_DATA"])
        expect(res.data.message.startsWith("sales")).toBe(true)
        expect(await counts()).toEqual(before)
      })

      it("a wrong signature: 401, nothing written", async () => {
        const before = await counts()
        const forged = new PosClient({ baseUrl: api.defaults.baseURL!, terminalId: terminal.id, secret: "pos_sk_forged" })
        const res = await forged.salesBatch([sale("F-1"), sale("F-2")])
        expect([res.status, (res.data as any).code]).toEqual([401, "INVALID_SIGNATURE"])
        expect(await counts()).toEqual(before)
        // Nor are the keys taken: the same sales, signed, apply.
        expect((await batch([sale("F-1")]))[0].status).toBe(201)
      })
    })

    describe("offline card payments in a backlog", () => {
      it("are recorded pending on the chain, authorized and not paid in Medusa", async () => {
        const results = await batch([sale("OFF-1", { payments: [card("TERM-OFF-1", true)] }), sale("OFF-2")])
        expect(results.map((r) => r.status)).toEqual([201, 201])
        expect(results[0].body.operations).toEqual([
          expect.objectContaining({ type: "payment", method: "card", status: "pending", acquirer_reference: "TERM-OFF-1", metadata: expect.objectContaining({ offline: true }) }),
        ])
        const { data } = await query().graph({
          entity: "order",
          fields: ["summary.*", "payment_collections.status", "payment_collections.payments.captured_at"],
          filters: { id: results[0].body.order_id },
        })
        const order = data[0] as any
        expect(toMinor(order.summary.paid_total, "EUR")).toBe(0)
        expect(order.payment_collections.map((c: any) => [c.status, c.payments[0].captured_at])).toEqual([["authorized", null]])
        const chain = (await store.admin("get", `/admin/omnichannel/chains/${results[0].body.payment_id}`)).data.chain
        expect(chain.totals.paid).toBe(0)
        await expectBooksAgree(store.container, results[0].body.order_id)
        await expectBooksAgree(store.container, results[1].body.order_id)
      })
    })

    describe("offline limits in a backlog", () => {
      it("flags each offline card payment beyond the terminal's limits, counting the earlier ones of the batch; never refuses", async () => {
        const limits = await store.admin("post", `/admin/omnichannel/terminals/${terminal.id}`, { offline: { max_payment: 5000, max_total: 8000, max_hours: 24, currency_code: "EUR" } })
        expect(limits.status).toBe(200)
        const offlineSale = (id: string, amount: number, minute: number) =>
          sale(id, { occurred_at: new Date(Date.now() - (60 - minute) * 60_000).toISOString(), items: [{ sku: "SHIRT-M", quantity: 1, unit_price: amount, fulfilled: true }], payments: [{ ...card(`TERM-${id}`, true), amount }] })
        // Sent out of order: applied (and counted) in occurred_at order.
        const results = await batch([offlineSale("L-3", 3000, 3), offlineSale("L-1", 4000, 1), offlineSale("L-2", 6000, 2)])
        expect(results.map((r) => r.status)).toEqual([201, 201, 201])
        const flags = Object.fromEntries(results.map((r) => [r.sale_id, r.body.operations[0].metadata.offline_flags]))
        expect(flags).toEqual({ "L-1": undefined, "L-2": ["over_max_payment", "over_max_total"], "L-3": ["over_max_total"] })
      })
    })

    describe("concurrency and mixed batches", () => {
      it("two copies of a batch at once apply each sale once", async () => {
        const sales = Array.from({ length: 12 }, (_, i) => sale(`D-${i}`))
        const [a, b] = await Promise.all([pos.post("/pos/sales/batch", { sales }), pos.post("/pos/sales/batch", { sales })])
        expect([a.status, b.status]).toEqual([200, 200])
        const answers = [...a.data.results, ...b.data.results]
        // Each sale: applied by one copy, replayed (or, while still running, refused for now) by the other.
        for (let i = 0; i < sales.length; i++) {
          const pair = [a.data.results[i], b.data.results[i]]
          expect(pair.filter((r: any) => r.status === 201 && !r.replayed)).toHaveLength(1)
        }
        expect(answers.every((r: any) => r.status === 201 || r.body.code === "IDEMPOTENCY_REQUEST_IN_PROGRESS")).toBe(true)
        const orders = await store.container.resolve(Modules.ORDER).listOrders({}, { select: ["metadata"] })
        expect(orders.map((o) => o.metadata?.pos_sale_id).sort()).toEqual(sales.map((s) => s.sale_id).sort())
        expect((await counts()).operations).toBe(12)
      })

      it("a sale whose key a single request still holds is answered 'in progress'; the others apply", async () => {
        const locking = store.container.resolve(Modules.LOCKING)
        const lock = `omnichannel:idempotency:pos:${terminal.id}:sale:${terminal.id}:H-1`
        await locking.acquire(lock, { ownerId: "a single request", expire: 30 })
        const [h1, h2] = [sale("H-1"), sale("H-2")]
        const results = await batch([h1, h2])
        expect(results.map((r) => [r.status, r.body.code])).toEqual([[409, "IDEMPOTENCY_REQUEST_IN_PROGRESS"], [201, undefined]])
        await locking.release(lock, { ownerId: "a single request" })
        const retried = await batch([h1, h2])
        expect(retried.map((r) => [r.status, !!r.replayed])).toEqual([[201, false], [201, true]])
        expect((await counts()).orders).toBe(2)
      })

      it("a sale merging into an earlier purchase goes in its place, between runs written together", async () => {
        const first = await pos.sales(sale("MX-0", { occurred_at: at(0) }))
        expect(first.status).toBe(201)
        const results = await batch([
          sale("MX-3", { occurred_at: at(3) }),
          sale("MX-2", {
            occurred_at: at(2),
            payment_id: first.data.payment_id,
            customer: undefined,
            items: [{ sku: "TOTE-NATURAL", quantity: 1, unit_price: 1250, fulfilled: true }],
            payments: [{ method: "cash", amount: 1250 }],
          }),
          sale("MX-1", { occurred_at: at(1) }),
        ])
        expect(results.map((r) => r.status)).toEqual([201, 201, 201])
        expect(results[1].body.order_id).toBe(first.data.order_id)
        expect(results[1].body.payment_id).toBe(first.data.payment_id)
        const chain = (await store.admin("get", `/admin/omnichannel/chains/${first.data.payment_id}`)).data.chain
        expect(chain.totals.paid).toBe(4250)
        for (const r of results) await expectBooksAgree(store.container, r.body.order_id)
        const { data } = await query().graph({ entity: "order", fields: ["id", "display_id"], filters: { id: [results[0].body.order_id, results[2].body.order_id] } })
        const displayId = new Map((data as any[]).map((o) => [o.id, o.display_id]))
        expect(displayId.get(results[2].body.order_id) < displayId.get(results[0].body.order_id)).toBe(true)
      })
    })
  },
})
