import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import type { AxiosInstance } from "axios"
import { PosClient, computeOfflineToken, signPosPayload, type PosSale } from "../../plugin/src/pos-client"
import { toMinor } from "../../plugin/src/money"
import { storeTestRunner } from "../helpers/store-runner"
import { seededStore } from "../helpers/admin"
import { expectBooksAgree } from "../helpers/books"
import { newTill } from "../helpers/till-sale"
import { paidOnlineOrder, TEST_CARDS } from "../helpers/checkout"

jest.setTimeout(300 * 1000)

const TOKEN_KEY = "pos-sales-suite-token-key-0123456789abcdef"

storeTestRunner({
  env: {
    OMNI_TOKEN_KEY: TOKEN_KEY,
  },
  testSuite: ({ api, getContainer }) => {
    let terminal: { id: string; stock_location_id: string }
    let secret: string
    let pos: PosClient

    const store = seededStore(api, getContainer)
    const { admin, chainOf } = store
    const query = () => store.container.resolve(ContainerRegistrationKeys.QUERY)
    const orderCount = async () => (await store.container.resolve(Modules.ORDER).listOrders({})).length
    const chainCount = async () => (await store.container.resolve<any>("omnichannel").listOmnichannelChains({})).length

    const sale = (overrides: Partial<PosSale> = {}): PosSale => ({
      sale_id: `S-${Math.random().toString(36).slice(2, 8)}`,
      occurred_at: new Date().toISOString(),
      currency_code: "EUR",
      customer: { email: "ada@example.com", first_name: "Ada", last_name: "Lovelace" },
      items: [{ sku: "SHIRT-M", quantity: 2, unit_price: 1500, fulfilled: true }],
      payments: [
        {
          method: "card",
          amount: 3000,
          authorization_mode: "SALE",
          acquirer_reference: "T1-778899",
          card: { brand: "visa", bin: "424242", last4: "4242", offline_token: computeOfflineToken(TOKEN_KEY, TEST_CARDS.approved) },
        },
      ],
      ...overrides,
    })

    const expectMedusaAgrees = async (chain: { order_id: string; currency_code: string; totals: { paid: number; refunded: number } }) => {
      const { data } = await query().graph({ entity: "order", fields: ["summary.*"], filters: { id: chain.order_id } })
      const summary = (data[0] as any).summary
      expect(chain.totals.paid).toBe(toMinor(summary.paid_total, chain.currency_code))
      expect(chain.totals.refunded).toBe(toMinor(summary.refunded_total, chain.currency_code))
      await expectBooksAgree(store.container, chain.order_id)
    }

    beforeEach(async () => {
      ;({ terminal, secret, pos } = await newTill(api as AxiosInstance, store.headers, { name: "Paris till 1", stock_location_id: store.seed.stock_location_ids.store_paris }))
    })

    describe("a sale from a till", () => {
      it("a new in-store sale becomes an In-store order with its customer, chain and payment", async () => {
        const events: any[] = []
        store.container.resolve(Modules.EVENT_BUS).subscribe("omnichannel.pos_sale.ingested", async (e: any) => {
          events.push(e.data ?? e)
        })
        const res = await pos.sales(sale({ sale_id: "S-1001" }))
        expect(res.status).toBe(201)
        expect(res.data.payment_id).toMatch(/^[1-9]\d{18}$/)
        expect(res.data.crm_token).toMatch(/^424242\d{6}4242$/)
        expect(res.data.operations).toEqual([
          expect.objectContaining({ type: "payment", channel: "in_store", amount: 3000, terminal_id: terminal.id, stock_location_id: terminal.stock_location_id, acquirer_reference: "T1-778899" }),
        ])

        const { data } = await query().graph({
          entity: "order",
          fields: ["id", "email", "sales_channel_id", "customer.email", "items.variant_sku", "items.detail.quantity", "omnichannel_chains.payment_id"],
          filters: { id: res.data.order_id },
        })
        const order = data[0] as any
        expect(order.sales_channel_id).toBe(store.seed.sales_channel_ids.in_store)
        expect(order.customer.email).toBe("ada@example.com")
        expect(order.items.map((i: any) => [i.variant_sku, Number(i.detail.quantity)])).toEqual([["SHIRT-M", 2]])
        expect(order.omnichannel_chains.map((c: any) => c.payment_id)).toEqual([res.data.payment_id])

        const chain = await chainOf(res.data.payment_id)
        expect(chain.totals).toMatchObject({ paid: 3000, refundable: 3000, by_channel: { in_store: { paid: 3000, refunded: 0 } } })
        await expectMedusaAgrees(chain)
        await new Promise((r) => setTimeout(r, 200))
        expect(events).toEqual([
          expect.objectContaining({ sale_id: "S-1001", terminal_id: terminal.id, order_id: res.data.order_id, lines: [{ sku: "SHIRT-M", variant_id: expect.any(String), quantity: 2, fulfilled: true }] }),
        ])
      })

      it("the same card has the same CRM token online and at the till", async () => {
        const { payment_id } = await paidOnlineOrder(api, store.container, store.seed, store.headers)
        const online = await chainOf(payment_id)
        const res = await pos.sales(sale())
        expect(res.data.crm_token).toBe(online.crm_token)
      })

      it("20 copies of one sale sent at once make one order", async () => {
        const one = sale({ sale_id: "S-DUP" })
        const results = await Promise.all(Array.from({ length: 20 }, () => pos.sales(one)))
        for (const r of results) {
          expect([201, 409]).toContain(r.status)
          if (r.status === 409) expect(r.data.code).toBe("IDEMPOTENCY_REQUEST_IN_PROGRESS")
        }
        const winners = results.filter((r) => r.status === 201)
        expect(new Set(winners.map((r) => r.data.order_id)).size).toBe(1)
        expect(await orderCount()).toBe(1)
        // The till retries the ones that were told to: it gets the first answer back.
        const retry = await pos.sales(one)
        expect(retry.status).toBe(201)
        expect(retry.headers["idempotent-replayed"]).toBe("true")
        expect(retry.data.order_id).toBe(winners[0].data.order_id)
        expect(await orderCount()).toBe(1)
        expect((await chainOf(retry.data.payment_id)).totals.paid).toBe(3000)
      })

      it("the same sale id with another body is refused", async () => {
        expect((await pos.sales(sale({ sale_id: "S-7" }))).status).toBe(201)
        const other = await pos.sales(sale({ sale_id: "S-7", items: [{ sku: "SHIRT-L", quantity: 1, unit_price: 1500, fulfilled: true }] }))
        expect([other.status, other.data.code]).toEqual([409, "IDEMPOTENCY_KEY_REUSED"])
        expect(await orderCount()).toBe(1)
      })

      it("an unknown SKU refuses the whole sale and writes nothing", async () => {
        const res = await pos.sales(
          sale({ items: [{ sku: "SHIRT-M", quantity: 1, unit_price: 1500, fulfilled: true }, { sku: "NOPE-1", quantity: 1, unit_price: 100, fulfilled: true }] })
        )
        expect([res.status, res.data.code]).toEqual([422, "UNKNOWN_SKU"])
        expect(res.data.message).toMatch(/^items\.1\.sku: unknown SKU "NOPE-1"/)
        expect(await orderCount()).toBe(0)
        expect(await chainCount()).toBe(0)
      })

      it("a sale in another currency than the chain's is CURRENCY_MISMATCH", async () => {
        const first = await pos.sales(sale())
        const res = await pos.sales(sale({ payment_id: first.data.payment_id, currency_code: "JPY" }))
        expect([res.status, res.data.code]).toEqual([422, "CURRENCY_MISMATCH"])
        expect(await orderCount()).toBe(1)
        expect((await chainOf(first.data.payment_id)).operations).toHaveLength(1)
      })

      it.each([
        [{ sale_id: undefined }, "sale_id"],
        [{ occurred_at: "yesterday" }, "occurred_at"],
        [{ currency_code: "EURO" }, "currency_code"],
        [{ items: [{ sku: "SHIRT-M", quantity: 0, unit_price: 1500 }] }, "items.0.quantity"],
        [{ items: [{ sku: "SHIRT-M", quantity: 1, unit_price: 15.5 }] }, "items.0.unit_price"],
        [{ payments: [{ method: "cheque", amount: 100 }] }, "payments.0.method"],
        [{ payments: [{ method: "card", amount: 100, card: { bin: "4242", last4: "4242", offline_token: "x" } }] }, "payments.0.card.bin"],
        [{ customer: { email: "not-an-email" } }, "customer.email"],
      ])("a malformed sale %j gets 400 naming %s, nothing written", async (patch, field) => {
        const res = await pos.post("/pos/sales", { ...sale(), ...patch })
        expect([res.status, res.data.code]).toEqual([400, "INVALID_DATA"])
        expect(res.data.message.startsWith(field)).toBe(true)
        expect(await orderCount()).toBe(0)
      })

      it("forged and replayed sales change nothing", async () => {
        const forged = await new PosClient({ baseUrl: api.defaults.baseURL!, terminalId: terminal.id, secret: "pos_sk_forged" }).sales(sale())
        expect([forged.status, forged.data.code]).toEqual([401, "INVALID_SIGNATURE"])
        expect(await orderCount()).toBe(0)

        const raw = JSON.stringify(sale({ sale_id: "S-REPLAY" }))
        const ts = Math.floor(Date.now() / 1000)
        const send = () =>
          api
            .post("/pos/sales", raw, {
              headers: { "content-type": "application/json", "x-omni-terminal": terminal.id, "x-omni-timestamp": String(ts), "x-omni-signature": signPosPayload(secret, ts, raw) },
            })
            .catch((e) => e.response)
        const first = await send()
        const replay = await send()
        expect([first.status, replay.status]).toEqual([201, 201])
        expect(replay.headers["idempotent-replayed"]).toBe("true")
        expect(await orderCount()).toBe(1)
      })

    })

    describe("a sale joining an order that already has a chain", () => {
      it("seed-003: deposit in store for an item out of stock, balance online, return refunded online: one chain, one order, exact totals", async () => {
        // The sneakers are out of stock in Paris: the till takes a deposit, to ship later.
        const inventory = store.container.resolve(Modules.INVENTORY)
        const [item] = await inventory.listInventoryItems({ sku: "SNEAKER-42" })
        await inventory.updateInventoryLevels([{ inventory_item_id: item.id, location_id: store.seed.stock_location_ids.store_paris, stocked_quantity: 0 }])

        const deposit = await pos.sales(
          sale({
            sale_id: "S-DEPOSIT",
            items: [{ sku: "SNEAKER-42", quantity: 1, unit_price: 7990, fulfilled: false }],
            payments: [
              {
                method: "card",
                amount: 2000,
                authorization_mode: "SALE",
                acquirer_reference: "T1-DEP",
                card: { brand: "visa", bin: "424242", last4: "4242", offline_token: computeOfflineToken(TOKEN_KEY, TEST_CARDS.approved), store_credentials: true },
              },
            ],
          })
        )
        expect(deposit.status).toBe(201)
        const paymentId = deposit.data.payment_id
        const orderId = deposit.data.order_id

        // The goods arrive: the balance is paid online, on the same card, on the same chain.
        const balance = await admin("post", `/admin/omnichannel/chains/${paymentId}/subsequent-payments`, { amount: 5990, currency_code: "EUR", authorization_mode: "SALE" })
        expect(balance.status).toBe(201)

        // Defective: returned, and refunded online to the card.
        const refund = await admin("post", `/admin/omnichannel/chains/${paymentId}/refunds`, { amount: 7990, currency_code: "EUR", reference: "RET-SNEAKER" })
        expect(refund.status).toBe(201)

        const chain = await chainOf(paymentId)
        expect(chain.order_id).toBe(orderId)
        expect(chain.totals).toEqual({
          paid: 7990,
          refunded: 7990,
          paid_out: 0,
          refundable: 0,
          authorized: 0,
          by_channel: { in_store: { paid: 2000, refunded: 0 }, online: { paid: 5990, refunded: 7990 } },
          by_method: { card: { paid: 7990, refunded: 7990 } },
          order_owed: 0,
        })
        expect(chain.operations.map((o: any) => [o.type, o.channel, o.amount])).toEqual([
          ["payment", "in_store", 2000],
          ["payment", "online", 5990],
          ["refund", "online", 5990],
          ["refund", "online", 2000],
        ])
        await expectMedusaAgrees(chain)
        expect(await orderCount()).toBe(1)
        expect(await chainCount()).toBe(1)
        const { data } = await query().graph({ entity: "order", fields: ["omnichannel_chains.id", "payment_collections.amount"], filters: { id: orderId } })
        expect((data[0] as any).omnichannel_chains).toHaveLength(1)
        // The deposit's collection and the balance's, each of its own amount: nothing billed twice.
        expect((data[0] as any).payment_collections.map((pc: any) => Number(pc.amount)).sort()).toEqual([20, 59.9])
      })

      it("a till sale merges into an online order by payment id, and by order id", async () => {
        const { order_id, payment_id: paymentId } = await paidOnlineOrder(api, store.container, store.seed, store.headers)
        const order = { id: order_id }

        const res = await pos.sales(sale({ payment_id: paymentId, customer: undefined, items: [{ sku: "TOTE-NATURAL", quantity: 1, unit_price: 1250, fulfilled: true }], payments: [{ method: "card", amount: 1250, authorization_mode: "SALE" }] }))
        expect(res.status).toBe(201)
        expect(res.data.order_id).toBe(order.id)
        expect(res.data.payment_id).toBe(paymentId)
        const chain = await chainOf(paymentId)
        expect(chain.totals.by_channel.in_store).toEqual({ paid: 1250, refunded: 0 })
        await expectMedusaAgrees(chain)
        expect(await orderCount()).toBe(1)

        // A later sale naming only the order lands on the same order and chain.
        const byOrder = await pos.sales(sale({ order_id: order.id, customer: undefined, items: [{ sku: "CUP-GLAZED", quantity: 2, unit_price: 900, fulfilled: true }], payments: [{ method: "card", amount: 1800, authorization_mode: "SALE" }] }))
        expect(byOrder.status).toBe(201)
        expect([byOrder.data.order_id, byOrder.data.payment_id]).toEqual([order.id, paymentId])
        const after = await chainOf(paymentId)
        expect(after.totals.by_channel.in_store).toEqual({ paid: 3050, refunded: 0 })
        await expectMedusaAgrees(after)
        const { data } = await query().graph({ entity: "order", fields: ["items.variant_sku"], filters: { id: order.id } })
        expect((data[0] as any).items.map((i: any) => i.variant_sku).sort()).toEqual(["CUP-GLAZED", "SHIRT-M", "TOTE-NATURAL"])
        expect(await orderCount()).toBe(1)
      })

    })

    describe("the admin's view of the tills", () => {
      it("the admin sees the tills' recent sales with their outcome, and sales and refunds by channel and day", async () => {
        const ok = await pos.sales(sale({ sale_id: "S-REP-1" }))
        expect(ok.status).toBe(201)
        const refused = await pos.sales(sale({ sale_id: "S-REP-2", items: [{ sku: "NOPE", quantity: 1, unit_price: 100, fulfilled: true }] }))
        expect(refused.status).toBe(422)
        const refund = await pos.refunds({ payment_id: ok.data.payment_id, amount: 750, currency_code: "EUR", reference: "R-REP-1" })
        expect(refund.status).toBe(201)

        const ingestions = await admin("get", "/admin/omnichannel/pos-ingestions?limit=10")
        expect(ingestions.status).toBe(200)
        expect(ingestions.data.ingestions).toEqual([
          expect.objectContaining({ terminal_id: terminal.id, key: `${terminal.id}:S-REP-2`, outcome: "refused", status: 422, code: "UNKNOWN_SKU", order_id: null }),
          expect.objectContaining({ terminal_id: terminal.id, key: `${terminal.id}:S-REP-1`, outcome: "ingested", status: 201, order_id: ok.data.order_id, payment_id: ok.data.payment_id }),
        ])

        const report = await admin("get", "/admin/omnichannel/reports/channels?days=7")
        expect(report.status).toBe(200)
        const today = new Date().toISOString().slice(0, 10)
        expect(report.data.rows).toEqual([
          { day: today, channel: "in_store", currency_code: "EUR", sales: 3000, refunds: 750, sales_count: 1, refunds_count: 1, refund_rate: 0.25 },
        ])
        for (const bad of ["days=0", "days=400", "days=abc"]) {
          expect((await admin("get", `/admin/omnichannel/reports/channels?${bad}`)).status).toBe(400)
        }
      })
    })
  },
})
