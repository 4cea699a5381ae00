import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import type { AxiosInstance } from "axios"
import type { PosClient, PosSale } from "../../plugin/src/pos-client"
import { storeTestRunner } from "../helpers/store-runner"
import { seededStore } from "../helpers/admin"
import { expectBooksAgree } from "../helpers/books"
import { paidOnlineOrder, placeOrder, shipWholeOrder, TEST_CARDS } from "../helpers/checkout"
import { newTill } from "../helpers/till-sale"

jest.setTimeout(300 * 1000)

/**
 * Issue 18, as a new merchant tried it on the demo: an online order, then the till. Medusa's
 * own records (order edits, returns, credit lines, reservations, its summary) say what
 * happened, and the books agree with the chain after each step.
 */
storeTestRunner({
  env: {
    OMNI_TOKEN_KEY: "till-on-online-orders-token-key-0123456789abcdef",
  },
  testSuite: ({ api, getContainer }) => {
    let terminal: { id: string; stock_location_id: string }
    let pos: PosClient
    let n = 0

    const store = seededStore(api, getContainer)
    const { admin, chainOf } = store
    const orderOf = async (orderId: string, fields: string[]) =>
      (await store.container.resolve(ContainerRegistrationKeys.QUERY).graph({ entity: "order", fields, filters: { id: orderId } })).data[0] as any
    const levelAtShop = async (sku: string) => {
      const inventory = store.container.resolve(Modules.INVENTORY)
      const [item] = await inventory.listInventoryItems({ sku })
      const [level] = await inventory.listInventoryLevels({ inventory_item_id: item.id, location_id: terminal.stock_location_id })
      return Number(level?.stocked_quantity ?? 0)
    }
    const addOn = (paymentId: string, overrides: Partial<PosSale> = {}): PosSale => ({
      sale_id: `ADD-${++n}`,
      occurred_at: new Date().toISOString(),
      currency_code: "EUR",
      payment_id: paymentId,
      items: [{ sku: "CUP-GLAZED", quantity: 1, unit_price: 900, fulfilled: true }],
      payments: [{ method: "cash", amount: 900 }],
      ...overrides,
    })
    /** An online order paid and captured, then shipped with Medusa's own fulfillment: the customer has the goods. */
    const deliveredOnline = async () => {
      const placed = await paidOnlineOrder(api as AxiosInstance, store.container, store.seed, store.headers)
      await shipWholeOrder(store.container, store.seed, placed.order_id)
      return placed
    }
    /** An online order for one shirt (15.00 + shipping), its card authorized and not captured. */
    const authorizedOnline = async () => {
      const { order } = await placeOrder(api as AxiosInstance, store.container, store.seed, { card: TEST_CARDS.approved, store_credentials: true, sku: "SHIRT-M", quantity: 1 })
      const full = await orderOf(order.id, ["omnichannel_chains.payment_id", "total"])
      return { order_id: order.id as string, payment_id: full.omnichannel_chains[0].payment_id as string }
    }

    beforeEach(async () => {
      ;({ terminal, pos } = await newTill(api as AxiosInstance, store.headers, { name: "Paris till", stock_location_id: store.seed.stock_location_ids.store_paris }))
    })

    describe("a cup sold at the till into an online order whose card is only authorized", () => {
      it("is an order edit made by the terminal; Medusa's summary counts it; nothing is owed, so no link may ask for it", async () => {
        const { order_id, payment_id } = await authorizedOnline()
        const before = await orderOf(order_id, ["version", "summary.*"])
        expect((await chainOf(payment_id)).totals.order_owed).toBe(0)

        const cup = addOn(payment_id)
        const res = await pos.sales(cup)
        expect(res.status).toBe(201)
        expect(res.data.order_id).toBe(order_id)

        const after = await orderOf(order_id, ["version", "summary.*", "items.variant_sku"])
        expect(after.version).toBe(before.version + 1)
        expect(Number(after.summary.current_order_total)).toBeCloseTo(Number(before.summary.current_order_total) + 9, 5)
        // Medusa's balance: the online total is authorized, not captured; the cup is paid in cash.
        expect(Number(after.summary.pending_difference)).toBeCloseTo(Number(before.summary.pending_difference), 5)
        expect(after.items.map((i: any) => i.variant_sku).sort()).toEqual(["CUP-GLAZED", "SHIRT-M"])

        const [edit] = await store.container.resolve(Modules.ORDER).listOrderChanges({ order_id, change_type: "edit" } as never)
        expect(edit).toEqual(expect.objectContaining({ status: "confirmed", created_by: terminal.id, confirmed_by: terminal.id }))
        expect((edit as { description?: string }).description).toMatch(/Paris till/)

        expect((await chainOf(payment_id)).totals.order_owed).toBe(0)
        const link = await admin("post", `/admin/omnichannel/orders/${order_id}/payment-links`, {})
        expect([link.status, link.data.code]).toEqual([422, "NOTHING_OUTSTANDING"])
        await expectBooksAgree(store.container, order_id)

        // The same sale again changes nothing: no second edit, no second cup.
        const again = await pos.sales(cup)
        expect([again.status, again.headers["idempotent-replayed"]]).toEqual([201, "true"])
        expect(await store.container.resolve(Modules.ORDER).listOrderChanges({ order_id, change_type: "edit" } as never)).toHaveLength(1)
      })
    })

    describe("a shirt bought online and brought back to the till", () => {
      it("is a Medusa return received at the shop, the stock comes back there, the card refund is tied to it", async () => {
        const { order_id, payment_id } = await deliveredOnline()
        const stockBefore = await levelAtShop("SHIRT-M")

        const res = await pos.refunds({ payment_id, amount: 1500, currency_code: "EUR", reference: "RET-SHIRT", items: [{ sku: "SHIRT-M", quantity: 1, reason: "too small" }] })
        expect([res.status, res.data.code]).toEqual([201, undefined])
        expect(res.data.return_id).toMatch(/^return_/)
        expect(res.data.operation).toEqual(expect.objectContaining({ type: "refund", method: "card", amount: 1500, metadata: expect.objectContaining({ return_id: res.data.return_id }) }))

        const ret = await store.container.resolve(Modules.ORDER).retrieveReturn(res.data.return_id, { relations: ["items"] })
        expect(ret).toEqual(expect.objectContaining({ status: "received", location_id: terminal.stock_location_id }))
        expect(ret.items!.map((i) => [Number(i.quantity), Number(i.received_quantity)])).toEqual([[1, 1]])
        const order = await store.container.resolve(Modules.ORDER).retrieveOrder(order_id, { relations: ["items", "items.detail"] })
        expect(Number(order.items!.find((i) => i.variant_sku === "SHIRT-M")!.detail.return_received_quantity)).toBe(1)
        expect(await levelAtShop("SHIRT-M")).toBe(stockBefore + 1)
        await expectBooksAgree(store.container, order_id)

        // Two shirts were shipped and one came back: two more are refused, and nothing changes.
        const twice = await pos.refunds({ payment_id, amount: 100, currency_code: "EUR", reference: "RET-SHIRT-2", items: [{ sku: "SHIRT-M", quantity: 2 }] })
        expect([twice.status, twice.data.code, twice.data.message]).toEqual([
          422,
          "RETURN_EXCEEDS_SOLD",
          "items.0.quantity: 2 of SHIRT-M asked back, but only 1 handed over on this order and not yet returned",
        ])
        expect(await levelAtShop("SHIRT-M")).toBe(stockBefore + 1)
        await expectBooksAgree(store.container, order_id)
      })

      it("with restock: false the return is recorded and the stock stays as it was", async () => {
        const { order_id, payment_id } = await deliveredOnline()
        const stockBefore = await levelAtShop("SHIRT-M")
        const res = await pos.refunds({ payment_id, amount: 1500, currency_code: "EUR", reference: "RET-DAMAGED", items: [{ sku: "SHIRT-M", quantity: 1, reason: "torn" }], restock: false })
        expect(res.status).toBe(201)
        expect(await levelAtShop("SHIRT-M")).toBe(stockBefore)
        await expectBooksAgree(store.container, order_id)
      })
    })

    describe("goods brought back that Medusa has not seen leave", () => {
      it("cups handed over at a till are taken back (Medusa records them fulfilled first); a shirt never shipped is not", async () => {
        const sold = await pos.sales({
          sale_id: "CUP-1",
          occurred_at: new Date().toISOString(),
          currency_code: "EUR",
          items: [{ sku: "CUP-GLAZED", quantity: 2, unit_price: 900, fulfilled: true }],
          payments: [{ method: "cash", amount: 1800 }],
        })
        expect(sold.status).toBe(201)
        const back = await pos.refunds({ payment_id: sold.data.payment_id, amount: 900, currency_code: "EUR", reference: "RET-CUP", method: "cash", items: [{ sku: "CUP-GLAZED", quantity: 1 }] })
        expect([back.status, back.data.code, back.data.message]).toEqual([201, undefined, undefined])
        const [cupLine] = (await store.container.resolve(Modules.ORDER).retrieveOrder(sold.data.order_id, { relations: ["items", "items.detail"] })).items!.map((i) => i.detail)
        expect([Number(cupLine.fulfilled_quantity), Number(cupLine.return_received_quantity)]).toEqual([2, 1])
        await expectBooksAgree(store.container, sold.data.order_id)

        const { order_id, payment_id } = await paidOnlineOrder(api as AxiosInstance, store.container, store.seed, store.headers)
        const notShipped = await pos.refunds({ payment_id, amount: 1500, currency_code: "EUR", reference: "RET-NEVER", items: [{ sku: "SHIRT-M", quantity: 1 }] })
        expect([notShipped.status, notShipped.data.code]).toEqual([422, "RETURN_EXCEEDS_SOLD"])
        expect(notShipped.data.message).toMatch(/only 0 handed over/)
        expect(await store.container.resolve(Modules.ORDER).listReturns({ order_id } as never)).toEqual([])
        await expectBooksAgree(store.container, order_id)
      })
    })

    describe("a store-credit refund of an order paid by card", () => {
      it("is an order credit line, and Medusa's card payment shows no refund", async () => {
        const { order_id, payment_id } = await paidOnlineOrder(api as AxiosInstance, store.container, store.seed, store.headers)
        const res = await admin("post", `/admin/omnichannel/chains/${payment_id}/refunds`, { amount: 1000, currency_code: "EUR", reference: "GOODWILL-1", method: "store_credit" })
        expect(res.status).toBe(201)
        const order = await orderOf(order_id, ["credit_lines.amount", "credit_lines.reference", "payment_collections.payments.refunds.id"])
        expect(order.payment_collections.flatMap((pc: any) => pc.payments.flatMap((p: any) => p.refunds ?? []))).toEqual([])
        expect(order.credit_lines.map((c: any) => [c.reference, Number(c.amount)]).sort()).toEqual([
          ["omnichannel_refund_store_credit", -10],
          ["omnichannel_refund_without_return", 10],
        ])
        await expectBooksAgree(store.container, order_id)
      })
    })

    describe("cash handed back at a till for an order paid online by card", () => {
      it("is no card refund in Medusa: the return is received and the cash is an order credit line", async () => {
        const { order_id, payment_id } = await deliveredOnline()
        const res = await pos.refunds({ payment_id, amount: 1500, currency_code: "EUR", reference: "RET-CASH", method: "cash", items: [{ sku: "SHIRT-M", quantity: 1 }] })
        expect([res.status, res.data.code]).toEqual([201, undefined])
        const order = await orderOf(order_id, ["credit_lines.amount", "credit_lines.reference", "payment_collections.payments.refunds.id"])
        expect(order.payment_collections.flatMap((pc: any) => pc.payments.flatMap((p: any) => p.refunds ?? []))).toEqual([])
        // The return left the order overpaid by the shirt: the cash line alone settles it, no goodwill line.
        expect(order.credit_lines.map((c: any) => [c.reference, Number(c.amount)])).toEqual([["omnichannel_refund_cash", -15]])
        await expectBooksAgree(store.container, order_id)
      })
    })

    describe("a deposit for sneakers the shop has none of", () => {
      it("is reserved at the shop, backordered, and the answer says so", async () => {
        const inventory = store.container.resolve(Modules.INVENTORY)
        const [item] = await inventory.listInventoryItems({ sku: "SNEAKER-42" })
        await inventory.updateInventoryLevels([{ inventory_item_id: item.id, location_id: terminal.stock_location_id, stocked_quantity: 0 }])
        const res = await pos.sales({
          sale_id: "DEP-1",
          occurred_at: new Date().toISOString(),
          currency_code: "EUR",
          customer: { email: "deposit@example.com" },
          items: [{ sku: "SNEAKER-42", quantity: 1, unit_price: 7990, fulfilled: false }],
          payments: [{ method: "cash", amount: 2000 }],
        })
        expect(res.status).toBe(201)
        expect(res.data.reservations).toEqual([{ sku: "SNEAKER-42", location_id: terminal.stock_location_id, quantity: 1, backordered: true }])
        const [reservation] = await inventory.listReservationItems({ inventory_item_id: item.id, location_id: terminal.stock_location_id })
        expect([Number(reservation.quantity), reservation.allow_backorder, reservation.metadata?.backordered]).toEqual([1, true, true])
        await expectBooksAgree(store.container, res.data.order_id)
      })
    })
  },
})
