import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import type { AxiosInstance } from "axios"
import fc from "fast-check"
import { storeTestRunner } from "../helpers/store-runner"
import { expectBooksAgree, readBooks } from "../helpers/books"
import {
  admin, captureInMedusa, chainOf, itemQuantities, nextRef, onlineOrder, openShop, PRICES, summaryOf, tillAddOn, tillRefund,
  type Currency, type Shop,
} from "../helpers/one-order"
import { expectStatus, orderCommands, verify, type Model } from "../helpers/order-books-model"

jest.setTimeout(600 * 1000)

/**
 * Issue 18 (DESIGN 7.1): Medusa's order is the merchant's book. One order, moved online, at
 * a till, by the admin and by a payment link, tells the same story in Medusa as on its chain
 * after every step; a till return is a Medusa return; bad returns change nothing.
 */
storeTestRunner({
  env: {
    OMNI_TOKEN_KEY: "order-books-suite-token-key-0123456789abcdef",
  },
  testSuite: ({ api, getContainer }) => {
    let shop: Shop

    beforeEach(async () => {
      shop = await openShop(api as AxiosInstance, getContainer())
    })

    describe("any sequence of operations on one order keeps Medusa's books and the chain's in agreement", () => {
      it.each<[Currency]>([["EUR"], ["JPY"]])("in %s", async (currency) => {
        await fc.assert(
          fc.asyncProperty(fc.commands(orderCommands, { maxCommands: 8, size: "max" }), async (commands) => {
            // Online authorization: every sequence starts from a card authorized at checkout.
            const order = await onlineOrder(shop, currency)
            const model: Model = {
              currency,
              order_id: order.order_id,
              payment_id: order.payment_id,
              medusa_payment_id: order.medusa_payment_id,
              held: order.authorized,
              byMethod: {},
              returnable: { "SHIRT-M": 2 },
              returned: {},
              paidOut: 0,
            }
            await verify(model, shop)
            await fc.asyncModelRun(() => ({ model, real: shop }), commands)
          }),
          // Each run is a real checkout and up to 8 real operations: few runs, no shrinking (the failing sequence is printed).
          { numRuns: 7, endOnFailure: true }
        )
      })
    })

    describe("an order authorized online for its total", () => {
      it("owes nothing: no payment link may ask for it again", async () => {
        const order = await onlineOrder(shop, "EUR")
        expect((await chainOf(shop, order.payment_id)).totals.order_owed).toBe(0)
        const links = () => shop.container.resolve<any>("omnichannel").listOmnichannelPaymentLinks({})
        const before = (await links()).length
        const link = await admin(shop, "post", `/admin/omnichannel/orders/${order.order_id}/payment-links`, {})
        expect([link.status, link.data.code]).toEqual([422, "NOTHING_OUTSTANDING"])
        expect((await links()).length).toBe(before)
        await expectBooksAgree(shop.container, order.order_id)
      })

      it("a 9.00 cup added at the till and paid cash is in Medusa's order total; the card's authorization still covers the rest", async () => {
        const order = await onlineOrder(shop, "EUR")
        const before = await summaryOf(shop, order.order_id, "EUR")
        expect(before).toEqual({ current_order_total: order.authorized, pending_difference: order.authorized, paid_total: 0 })
        const res = await tillAddOn(shop, { payment_id: order.payment_id, currency: "EUR", sku: "CUP-GLAZED", tender: "cash", unit_price: 900 })
        expect(res.status).toBe(201)
        expect(await summaryOf(shop, order.order_id, "EUR")).toEqual({
          current_order_total: order.authorized + 900,
          // Medusa's balance counts only what was captured; the authorization is what the order is owed.
          pending_difference: order.authorized,
          paid_total: 900,
        })
        expect((await chainOf(shop, order.payment_id)).totals.order_owed).toBe(0)
        await expectBooksAgree(shop.container, order.order_id)
      })
    })

    describe("a till return with items is a Medusa return", () => {
      /** An online order captured in Medusa, and a cup added at the till paid cash: 2 shirts and 1 cup to return. */
      const paidOrder = async () => {
        const order = await onlineOrder(shop, "EUR")
        expect((await captureInMedusa(shop, order.medusa_payment_id)).status).toBe(200)
        expect((await tillAddOn(shop, { payment_id: order.payment_id, currency: "EUR", sku: "CUP-GLAZED", tender: "cash" })).status).toBe(201)
        return order
      }
      const stockAtTill = async (sku: string) => {
        const { data } = await shop.container.resolve(ContainerRegistrationKeys.QUERY).graph({
          entity: "variant",
          fields: ["inventory_items.inventory.location_levels.*"],
          filters: { sku },
        })
        const levels = (data[0] as any).inventory_items[0].inventory.location_levels as any[]
        return Number(levels.find((l) => l.location_id === shop.terminal.stock_location_id)?.stocked_quantity ?? 0)
      }
      const returnsOf = async (orderId: string) => shop.container.resolve(Modules.ORDER).listReturns({ order_id: orderId } as never)
      /** What a refused return must leave as it was: the books, the returns, the refunds on both sides. */
      const snapshot = async (order: { order_id: string; payment_id: string }) => {
        await expectBooksAgree(shop.container, order.order_id)
        const books = await readBooks(shop.container, order.order_id)
        return {
          returns: (await returnsOf(order.order_id)).length,
          chain_refunds: (await chainOf(shop, order.payment_id)).operations.filter((o: any) => o.type === "refund").length,
          medusa_refunds: books.payments.flatMap((p) => p.refunds ?? []).length,
          items: await itemQuantities(shop, order.order_id),
        }
      }
      const returnOne = (order: { payment_id: string }, sku: string, quantity = 1, extra: Record<string, unknown> = {}) =>
        tillRefund(shop, {
          payment_id: order.payment_id, amount: PRICES.EUR[sku] * quantity, currency_code: "EUR", reference: nextRef("R-RET"),
          items: [{ sku, quantity }], ...extra,
        })

      it("received at the till's location: the item shows it returned, the stock comes back there, the refund is tied to it", async () => {
        const order = await paidOrder()
        const stock = await stockAtTill("SHIRT-M")
        const res = await returnOne(order, "SHIRT-M")
        expectStatus(res, 201, "till return")
        expect(res.data.operation).toEqual(expect.objectContaining({ type: "refund", method: "card", amount: 1500 }))
        const [ret] = await returnsOf(order.order_id)
        expect(ret).toEqual(expect.objectContaining({ location_id: shop.terminal.stock_location_id, status: "received" }))
        expect((await itemQuantities(shop, order.order_id))["SHIRT-M"]).toEqual({ sold: 2, returned: 1 })
        expect(await stockAtTill("SHIRT-M")).toBe(stock + 1)
        await expectBooksAgree(shop.container, order.order_id)

        // restock: false (damaged): returned, refunded, not back on the shelf.
        expectStatus(await returnOne(order, "SHIRT-M", 1, { restock: false }), 201, "till return, not restocked")
        expect(await stockAtTill("SHIRT-M")).toBe(stock + 1)
        expect((await itemQuantities(shop, order.order_id))["SHIRT-M"]).toEqual({ sold: 2, returned: 2 })
        await expectBooksAgree(shop.container, order.order_id)
      })

      it("items not on the order, more than sold less returned, an unknown SKU: 422 with the code, nothing changes", async () => {
        const order = await paidOrder()
        const before = await snapshot(order)
        const cases: [string, number, string][] = [
          ["SNEAKER-42", 1, "ITEM_NOT_ON_ORDER"],
          ["SHIRT-M", 3, "RETURN_EXCEEDS_SOLD"],
          ["NO-SUCH-SKU", 1, "UNKNOWN_SKU"],
        ]
        for (const [sku, quantity, code] of cases) {
          const res = await tillRefund(shop, {
            payment_id: order.payment_id, amount: 100, currency_code: "EUR", reference: nextRef("R-BAD"), items: [{ sku, quantity }],
          })
          expect([sku, quantity, res.status, res.data.code, res.status === 422 ? "" : res.data.message]).toEqual([sku, quantity, 422, code, ""])
          expect(res.data.message).toMatch(/^items/)
        }
        expect(await snapshot(order)).toEqual(before)

        // One shirt back: the second may still come back, not two more.
        expectStatus(await returnOne(order, "SHIRT-M"), 201, "till return")
        const after = await snapshot(order)
        // (Asking only what is still refundable, so the goods are what is refused, not the money.)
        const again = await returnOne(order, "SHIRT-M", 2, { amount: PRICES.EUR["SHIRT-M"] })
        expect([again.status, again.data.code]).toEqual([422, "RETURN_EXCEEDS_SOLD"])
        expect(await snapshot(order)).toEqual(after)
      })

      it("two tills returning the last cup at once: one return wins, the other is refused, one refund", async () => {
        const order = await paidOrder()
        const before = await snapshot(order)
        const answers = await Promise.all([returnOne(order, "CUP-GLAZED", 1, { method: "cash" }), returnOne(order, "CUP-GLAZED", 1, { method: "cash" })])
        const statuses = answers.map((a) => a.status).sort()
        expect({ statuses, answers: answers.map((a) => a.data.code ?? a.data.operation?.type) }).toEqual({ statuses: [201, expect.any(Number)], answers: expect.anything() })
        expect([409, 422]).toContain(statuses[1])
        expect(["RETURN_EXCEEDS_SOLD", "REFUND_ORDER_LOCKED"]).toContain(answers.find((a) => a.status !== 201)!.data.code)
        const after = await snapshot(order)
        expect(after).toEqual({
          ...before,
          returns: before.returns + 1,
          chain_refunds: before.chain_refunds + 1,
          medusa_refunds: before.medusa_refunds + 1,
          items: { ...before.items, "CUP-GLAZED": { sold: 1, returned: 1 } },
        })
      })
    })

    describe("the books check itself", () => {
      it("fails on money Medusa records that the chain does not know", async () => {
        const order = await onlineOrder(shop, "EUR")
        await expectBooksAgree(shop.container, order.order_id)
        await shop.container.resolve(Modules.ORDER).addOrderTransactions({
          order_id: order.order_id, amount: 5, currency_code: "eur", reference: "capture", reference_id: "capt_outside_the_plugin",
        })
        await expect(expectBooksAgree(shop.container, order.order_id)).rejects.toThrow(/summary paid_total/)
      })
    })
  },
})
