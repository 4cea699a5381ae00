import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import type { AxiosInstance } from "axios"
import { cancelOrderWorkflow, createOrderFulfillmentWorkflow } from "@medusajs/medusa/core-flows"
import { refundChainWorkflow } from "../../plugin/src/workflows/refunds/refund-chain"
import { createGiftCardsWorkflow } from "@medusajs/loyalty-plugin/workflows"
import { PosClient, computeOfflineToken, type PosSale, type PosSalePayment } from "../../plugin/src/pos-client"
import { storeTestRunner } from "../helpers/store-runner"
import { seededStore } from "../helpers/admin"
import { expectBooksAgree } from "../helpers/books"
import { newTill } from "../helpers/till-sale"
import { TEST_CARDS } from "../helpers/checkout"

jest.setTimeout(300 * 1000)

const TOKEN_KEY = "pos-tenders-suite-token-key-0123456789abcdef"

/**
 * Every tender a till takes (cash, cards with and without offline token, gift cards and
 * store credit from Medusa's loyalty plugin, vouchers) and every kind of refund, each
 * checked against Medusa's own order totals; and the stock held for goods not yet handed over.
 */
storeTestRunner({
  env: {
    OMNI_TOKEN_KEY: TOKEN_KEY,
  },
  testSuite: ({ api, getContainer }) => {
    let terminal: { id: string; stock_location_id: string }
    let pos: PosClient

    const store = seededStore(api, getContainer)
    const { admin, chainOf } = store
    const orderCount = async () => (await store.container.resolve(Modules.ORDER).listOrders({})).length
    const storeCredit = () => store.container.resolve<any>("store_credit")

    let n = 0
    const sale = (payments: PosSalePayment[], overrides: Partial<PosSale> = {}): PosSale => ({
      sale_id: `S-TENDER-${++n}`,
      occurred_at: new Date().toISOString(),
      currency_code: "EUR",
      items: [{ sku: "SHIRT-M", quantity: 2, unit_price: 1500, fulfilled: true }],
      payments,
      ...overrides,
    })
    const card = (amount: number, extra: Record<string, unknown> = {}): PosSalePayment => ({
      method: "card",
      amount,
      acquirer_reference: `T-${++n}`,
      card: { brand: "visa", bin: "424242", last4: "4242", ...extra },
    })

    /** The chain, after checking that its order's books agree with it (helpers/books.ts). */
    const expectMedusaAgrees = async (paymentId: string) => {
      const chain = await chainOf(paymentId)
      await expectBooksAgree(store.container, chain.order_id)
      return chain
    }

    const giftCard = async (code: string, value: number, currency = "eur") => {
      await createGiftCardsWorkflow(store.container).run({ input: [{ code, value, currency_code: currency }] as never })
    }
    const giftCardBalance = async (code: string) => {
      const [card] = await store.container.resolve<any>("loyalty").listGiftCards({ code })
      const { data } = await store.container.resolve(ContainerRegistrationKeys.QUERY).graph({
        entity: "gift_card_store_credit_account",
        fields: ["store_credit_account_id"],
        filters: { gift_card_id: card.id },
      })
      const stats = await storeCredit().retrieveAccountStats({ account_id: (data[0] as any).store_credit_account_id })
      return Number(stats.balance)
    }

    beforeEach(async () => {
      ;({ terminal, pos } = await newTill(api as AxiosInstance, store.headers, { name: "Till", stock_location_id: store.seed.stock_location_ids.store_paris }))
    })

    describe("cash", () => {
      it("cash: the chain keeps what the till kept; refunded in cash at a till only, never to a card", async () => {
        const res = await pos.sales(sale([{ method: "cash", amount: 3000, tendered: 5000, change: 2000 }]))
        expect(res.status).toBe(201)
        expect(res.data.crm_token).toBeNull()
        const chain = await expectMedusaAgrees(res.data.payment_id)
        expect(chain.operations).toEqual([
          expect.objectContaining({ type: "payment", method: "cash", amount: 3000, metadata: expect.objectContaining({ tendered: 5000, change: 2000 }) }),
        ])
        expect(chain.totals.by_method).toEqual({ cash: { paid: 3000, refunded: 0 } })

        const toCard = await pos.refunds({ payment_id: res.data.payment_id, amount: 500, currency_code: "EUR", reference: "R-CARD" })
        expect(toCard.status).toBe(422)
        expect(toCard.data).toEqual(expect.objectContaining({ code: "REFUND_EXCEEDS_PAID", message: expect.stringMatching(/^amount: .*to a card/) }))
        const byAdmin = await admin("post", `/admin/omnichannel/chains/${res.data.payment_id}/refunds`, { amount: 500, currency_code: "EUR", reference: "R-ADMIN-CASH", method: "cash" })
        expect(byAdmin.status).toBe(422)
        expect(byAdmin.data).toEqual(expect.objectContaining({ code: "OPERATION_NOT_ALLOWED", message: "method: cash is refunded only at a till" }))

        const refund = await pos.refunds({ payment_id: res.data.payment_id, amount: 500, currency_code: "EUR", reference: "R-CASH", method: "cash" })
        expect(refund.status).toBe(201)
        expect(refund.data.operation).toEqual(expect.objectContaining({ type: "refund", method: "cash", amount: 500, channel: "in_store" }))
        const after = await expectMedusaAgrees(res.data.payment_id)
        expect(after.totals.by_method).toEqual({ cash: { paid: 3000, refunded: 500 } })
        const again = await pos.refunds({ payment_id: res.data.payment_id, amount: 500, currency_code: "EUR", reference: "R-CASH", method: "cash" })
        expect(again.data.code).toBe("REFUND_ORDER_LOCKED")
      })

      it("cash that does not add up, payments above the total, an unknown tender: refused, nothing written", async () => {
        const before = await orderCount()
        const cases: [PosSale, number, string, string][] = [
          [sale([{ method: "cash", amount: 3000, tendered: 5000, change: 1000 }]), 400, "INVALID_DATA", "payments.0.change"],
          [sale([{ method: "cash", amount: 3000, tendered: 2000 }]), 400, "INVALID_DATA", "payments.0.tendered"],
          [sale([{ method: "voucher", amount: 3000 } as never]), 400, "INVALID_DATA", "payments.0.method"],
          [sale([{ method: "external", amount: 3000 } as never]), 400, "INVALID_DATA", "payments.0.label"],
          [sale([{ method: "store_credit", amount: 3000 }]), 400, "INVALID_DATA", "customer"],
          [sale([card(2000), { method: "cash", amount: 1500 }]), 422, "PAYMENTS_EXCEED_TOTAL", "payments"],
          [sale([{ method: "cash", amount: 3000 }], { ship_from_location_id: "sloc_nowhere" }), 404, "NOT_FOUND", "ship_from_location_id"],
        ]
        for (const [body, status, code, field] of cases) {
          const res = await pos.sales(body)
          expect([res.status, res.data.code, res.data.message.split(":")[0]]).toEqual([status, code, field])
        }
        expect(await orderCount()).toBe(before)
      })

    })

    describe("cards, split tenders and yen", () => {
      it("a card without offline token: the sale lands with no CRM token; with a PAR the same card gets the same token (JPY)", async () => {
        const jpy = (payments: PosSalePayment[]) => sale(payments, { currency_code: "JPY", items: [{ sku: "CUP-GLAZED", quantity: 1, unit_price: 1500, fulfilled: true }] })
        // The customer says "keep my card", but nothing identifies it: it cannot be kept.
        const plain = await pos.sales(jpy([card(1500, { store_credentials: true })]))
        expect(plain.status).toBe(201)
        expect(plain.data.crm_token).toBeNull()
        const chain = await expectMedusaAgrees(plain.data.payment_id)
        expect(chain.cof_consent).toBe(false)
        expect(chain.totals.paid).toBe(1500)
        expect(chain.operations[0]).toEqual(expect.objectContaining({ method: "card", amount: 1500, currency_code: "JPY" }))

        const par = "V0010013020001234567890123456"
        const first = await pos.sales(jpy([card(1500, { par })]))
        const second = await pos.sales(jpy([card(1500, { par })]))
        expect(first.data.crm_token).toMatch(/^424242\d{6}4242$/)
        expect(second.data.crm_token).toBe(first.data.crm_token)
        const withOfflineToken = await pos.sales(jpy([card(1500, { offline_token: computeOfflineToken(TOKEN_KEY, TEST_CARDS.approved) })]))
        expect(withOfflineToken.data.crm_token).toMatch(/^424242\d{6}4242$/)
        expect(withOfflineToken.data.crm_token).not.toBe(first.data.crm_token)

        const refund = await pos.refunds({ payment_id: plain.data.payment_id, amount: 500, currency_code: "JPY", reference: "R-JPY" })
        expect(refund.status).toBe(201)
        expect(refund.data.operation).toEqual(expect.objectContaining({ method: "card", amount: 500 }))
        await expectMedusaAgrees(plain.data.payment_id)
      })

      it("split tender gift card + card + cash, then refunds in kind: to the card up to what it paid, a new gift card, store credit", async () => {
        await giftCard("GIFT-SPLIT-0001", 20)
        const body = sale(
          [{ method: "gift_card", amount: 2000, code: "GIFT-SPLIT-0001" }, card(2500), { method: "cash", amount: 3490, tendered: 4000, change: 510 }],
          {
            customer: { email: "split@example.com" },
            items: [
              { sku: "SNEAKER-42", quantity: 1, unit_price: 7990, fulfilled: true },
            ],
          }
        )
        const res = await pos.sales(body)
        expect(res.status).toBe(201)
        expect(await giftCardBalance("GIFT-SPLIT-0001")).toBe(0)
        const chain = await expectMedusaAgrees(res.data.payment_id)
        expect(chain.operations.map((o: any) => [o.method, o.amount])).toEqual([["gift_card", 2000], ["card", 2500], ["cash", 3490]])
        expect(chain.operations[0].metadata.gift_card_code).toBe("****0001")
        expect(JSON.stringify(chain)).not.toContain("GIFT-SPLIT-0001")
        expect(chain.totals.paid).toBe(7990)

        // The same sale again: replayed, the gift card is not charged twice.
        const replay = await pos.sales(body)
        expect(replay.headers["idempotent-replayed"]).toBe("true")
        expect(await giftCardBalance("GIFT-SPLIT-0001")).toBe(0)

        const refund = (reference: string, amount: number, method?: "card" | "cash" | "store_credit" | "gift_card") =>
          pos.refunds({ payment_id: res.data.payment_id, amount, currency_code: "EUR", reference, ...(method ? { method } : {}) })
        const tooMuchToCard = await refund("R-CARD-BIG", 3000)
        expect([tooMuchToCard.status, tooMuchToCard.data.code]).toEqual([422, "REFUND_EXCEEDS_PAID"])
        expect((await refund("R-CARD", 2500)).status).toBe(201)

        const asGiftCard = await refund("R-GIFT", 2000, "gift_card")
        expect(asGiftCard.status).toBe(201)
        expect(asGiftCard.data.gift_card).toEqual(expect.objectContaining({ code: expect.any(String), amount: 2000, currency_code: "EUR" }))
        expect(await giftCardBalance(asGiftCard.data.gift_card.code)).toBe(20)
        expect(asGiftCard.data.operation).toEqual(expect.objectContaining({ method: "gift_card", amount: 2000 }))

        const asCredit = await refund("R-CREDIT", 1000, "store_credit")
        expect(asCredit.status).toBe(201)
        expect(asCredit.data.store_credit).toEqual(expect.objectContaining({ amount: 1000, balance: 1000, currency_code: "EUR" }))

        const over = await refund("R-OVER", 2491, "cash")
        expect([over.status, over.data.code]).toEqual([422, "REFUND_EXCEEDS_PAID"])
        expect((await refund("R-CASH", 2490, "cash")).status).toBe(201)
        const after = await expectMedusaAgrees(res.data.payment_id)
        expect(after.totals).toEqual(expect.objectContaining({ paid: 7990, refunded: 7990, refundable: 0 }))
        expect(after.totals.by_method).toEqual({
          gift_card: { paid: 2000, refunded: 2000 },
          card: { paid: 2500, refunded: 2500 },
          cash: { paid: 3490, refunded: 2490 },
          store_credit: { paid: 0, refunded: 1000 },
        })

        // The credit pays at the till next time.
        const spend = await pos.sales(
          sale([{ method: "store_credit", amount: 900 }], { customer: { email: "split@example.com" }, items: [{ sku: "CUP-GLAZED", quantity: 1, unit_price: 900 }] })
        )
        expect(spend.status).toBe(201)
        expect((await expectMedusaAgrees(spend.data.payment_id)).operations[0]).toEqual(expect.objectContaining({ method: "store_credit", amount: 900 }))
        const broke = await pos.sales(
          sale([{ method: "store_credit", amount: 900 }], { customer: { email: "split@example.com" }, items: [{ sku: "CUP-GLAZED", quantity: 1, unit_price: 900 }] })
        )
        expect([broke.status, broke.data.code, broke.data.message.split(":")[0]]).toEqual([422, "STORE_CREDIT_INSUFFICIENT", "payments.0.amount"])
      })

      it("JPY (no minor unit): a yen gift card and cash with change, refunded in cash and as a new gift card", async () => {
        await giftCard("GIFT-YEN-0005", 1000, "jpy")
        const res = await pos.sales(
          sale([{ method: "gift_card", amount: 1000, code: "GIFT-YEN-0005" }, { method: "cash", amount: 3800, tendered: 5000, change: 1200 }], {
            currency_code: "JPY",
            customer: { email: "yen@example.com" },
            items: [{ sku: "SHIRT-M", quantity: 2, unit_price: 2400 }],
          })
        )
        expect(res.status).toBe(201)
        expect(await giftCardBalance("GIFT-YEN-0005")).toBe(0)
        const chain = await expectMedusaAgrees(res.data.payment_id)
        expect(chain.totals.by_method).toEqual({ gift_card: { paid: 1000, refunded: 0 }, cash: { paid: 3800, refunded: 0 } })
        const cash = await pos.refunds({ payment_id: res.data.payment_id, amount: 2400, currency_code: "JPY", reference: "R-YEN-CASH", method: "cash" })
        const gift = await pos.refunds({ payment_id: res.data.payment_id, amount: 2400, currency_code: "JPY", reference: "R-YEN-GIFT", method: "gift_card" })
        expect([cash.status, gift.status]).toEqual([201, 201])
        expect(gift.data.gift_card).toEqual(expect.objectContaining({ amount: 2400, currency_code: "JPY" }))
        expect(await giftCardBalance(gift.data.gift_card.code)).toBe(2400)
        expect((await expectMedusaAgrees(res.data.payment_id)).totals.refundable).toBe(0)
      })

    })

    describe("gift cards", () => {
      it("an unknown gift card, an expired one, one without the balance: 422, no order, no balance moved", async () => {
        await giftCard("GIFT-SMALL-0002", 10)
        await createGiftCardsWorkflow(store.container).run({ input: [{ code: "GIFT-OLD-0003", value: 50, currency_code: "eur", expires_at: new Date(Date.now() - 86400000) }] as never })
        const before = await orderCount()
        const cases: [PosSalePayment[], string, string][] = [
          [[{ method: "gift_card", amount: 1000, code: "NO-SUCH-CARD" }, { method: "cash", amount: 2000 }], "GIFT_CARD_INVALID", "payments.0.code"],
          [[{ method: "gift_card", amount: 1000, code: "GIFT-OLD-0003" }, { method: "cash", amount: 2000 }], "GIFT_CARD_INVALID", "payments.0.code"],
          [[{ method: "cash", amount: 1500 }, { method: "gift_card", amount: 1500, code: "GIFT-SMALL-0002" }], "GIFT_CARD_INSUFFICIENT", "payments.1.amount"],
          // Two payments from one card that together exceed it.
          [[{ method: "gift_card", amount: 800, code: "GIFT-SMALL-0002" }, { method: "gift_card", amount: 800, code: "GIFT-SMALL-0002" }], "GIFT_CARD_INSUFFICIENT", "payments.1.amount"],
        ]
        for (const [payments, code, field] of cases) {
          const res = await pos.sales(sale(payments))
          expect([res.status, res.data.code, res.data.message.split(":")[0]]).toEqual([422, code, field])
          expect(res.data.message).not.toContain("GIFT-SMALL-0002")
        }
        expect(await orderCount()).toBe(before)
        expect(await giftCardBalance("GIFT-SMALL-0002")).toBe(10)

        // Two tills spending the same card at once: one sale gets it.
        await giftCard("GIFT-RACE-0004", 30)
        const race = await Promise.all(
          [0, 1, 2].map(() => pos.sales(sale([{ method: "gift_card", amount: 3000, code: "GIFT-RACE-0004" }])))
        )
        expect(race.map((r) => r.status).sort()).toEqual([201, 422, 422])
        expect(await giftCardBalance("GIFT-RACE-0004")).toBe(0)
      })

      it("a sale retried after its instance died between the gift-card debit and the order takes the card once", async () => {
        await giftCard("GIFT-CRASH-0006", 30)
        const body = sale([{ method: "gift_card", amount: 3000, code: "GIFT-CRASH-0006" }])
        // What the dead run left: the debit under the sale's reference, nothing else.
        const [card] = await store.container.resolve<any>("loyalty").listGiftCards({ code: "GIFT-CRASH-0006" })
        const { data } = await store.container.resolve(ContainerRegistrationKeys.QUERY).graph({
          entity: "gift_card_store_credit_account",
          fields: ["store_credit_account_id"],
          filters: { gift_card_id: card.id },
        })
        await storeCredit().debitAccounts([
          { account_id: (data[0] as any).store_credit_account_id, amount: 30, reference: "omnichannel_pos_sale", reference_id: `${terminal.id}:${body.sale_id}:0` },
        ])
        expect(await giftCardBalance("GIFT-CRASH-0006")).toBe(0)

        const res = await pos.sales(body)
        expect(res.status).toBe(201)
        expect(await giftCardBalance("GIFT-CRASH-0006")).toBe(0)
        const chain = await expectMedusaAgrees(res.data.payment_id)
        expect(chain.operations).toEqual([expect.objectContaining({ method: "gift_card", amount: 3000 })])
      })

    })

    describe("vouchers and goods not handed over", () => {
      it("a voucher (external tender) is paid and shown with its label; it is refunded in kind, not to a card", async () => {
        const res = await pos.sales(sale([{ method: "external", amount: 3000, label: "Ticket Restaurant", reference: "TR-991" }]))
        expect(res.status).toBe(201)
        const chain = await expectMedusaAgrees(res.data.payment_id)
        expect(chain.operations[0]).toEqual(
          expect.objectContaining({ method: "external", acquirer_reference: "TR-991", metadata: expect.objectContaining({ label: "Ticket Restaurant" }) })
        )
        const toCard = await pos.refunds({ payment_id: res.data.payment_id, amount: 3000, currency_code: "EUR", reference: "R-V" })
        expect(toCard.data.code).toBe("REFUND_EXCEEDS_PAID")
        const toGuestCredit = await pos.refunds({ payment_id: res.data.payment_id, amount: 3000, currency_code: "EUR", reference: "R-V", method: "store_credit" })
        expect([toGuestCredit.status, toGuestCredit.data.code, toGuestCredit.data.message.split(":")[0]]).toEqual([422, "OPERATION_NOT_ALLOWED", "method"])
        expect((await pos.refunds({ payment_id: res.data.payment_id, amount: 3000, currency_code: "EUR", reference: "R-V", method: "cash" })).status).toBe(201)
        await expectMedusaAgrees(res.data.payment_id)
      })

      it("goods not handed over are reserved where they will be handed over, used up by Medusa's fulfillment, released when the order is canceled", async () => {
        const inventory = store.container.resolve(Modules.INVENTORY)
        const deposit = await pos.sales(
          sale([{ method: "cash", amount: 2000 }], {
            items: [
              { sku: "SNEAKER-40", quantity: 1, unit_price: 7990, fulfilled: false },
              { sku: "CUP-GLAZED", quantity: 1, unit_price: 900, fulfilled: true },
            ],
          })
        )
        expect(deposit.status).toBe(201)
        const shipLater = await pos.sales(
          sale([card(3000)], { items: [{ sku: "SHIRT-M", quantity: 2, unit_price: 1500, fulfilled: false }], ship_from_location_id: store.seed.stock_location_ids.web_warehouse })
        )
        expect(shipLater.status).toBe(201)

        const reservationsOf = async (orderId: string) => {
          const order = await store.container.resolve(Modules.ORDER).retrieveOrder(orderId, { relations: ["items"] })
          const reservations = await inventory.listReservationItems({ line_item_id: order.items!.map((i) => i.id) })
          return reservations.map((r) => ({ location_id: r.location_id, quantity: Number(r.quantity), sku: order.items!.find((i) => i.id === r.line_item_id)?.variant_sku }))
        }
        expect(await reservationsOf(deposit.data.order_id)).toEqual([{ location_id: store.seed.stock_location_ids.store_paris, quantity: 1, sku: "SNEAKER-40" }])
        expect(await reservationsOf(shipLater.data.order_id)).toEqual([{ location_id: store.seed.stock_location_ids.web_warehouse, quantity: 2, sku: "SHIRT-M" }])

        // Shipped from the warehouse with Medusa's own fulfillment (which needs the reservation):
        // the reservation is used up and the stock leaves the warehouse.
        const levelAt = async (sku: string, location: string) => {
          const { data } = await store.container.resolve(ContainerRegistrationKeys.QUERY).graph({
            entity: "variant",
            fields: ["inventory_items.inventory.location_levels.*"],
            filters: { sku },
          })
          const level = (data[0] as any).inventory_items[0].inventory.location_levels.find((l: any) => l.location_id === location)
          return { stocked: Number(level.stocked_quantity), reserved: Number(level.reserved_quantity) }
        }
        const before = await levelAt("SHIRT-M", store.seed.stock_location_ids.web_warehouse)
        expect(before.reserved).toBe(2)
        const [option] = await store.container.resolve(Modules.FULFILLMENT).listShippingOptions({ name: "Standard shipping" })
        const order = await store.container.resolve(Modules.ORDER).retrieveOrder(shipLater.data.order_id, { relations: ["items"] })
        await createOrderFulfillmentWorkflow(store.container).run({
          input: {
            order_id: order.id,
            location_id: store.seed.stock_location_ids.web_warehouse,
            shipping_option_id: option.id,
            items: order.items!.map((i) => ({ id: i.id, quantity: Number(i.quantity) })),
          } as never,
        })
        expect(await reservationsOf(shipLater.data.order_id)).toEqual([])
        expect(await levelAt("SHIRT-M", store.seed.stock_location_ids.web_warehouse)).toEqual({ stocked: before.stocked - 2, reserved: 0 })

        // The deposit's customer never comes back: canceling the order frees the sneaker.
        await cancelOrderWorkflow(store.container).run({ input: { order_id: deposit.data.order_id } })
        expect(await reservationsOf(deposit.data.order_id)).toEqual([])
        expect((await levelAt("SNEAKER-40", store.seed.stock_location_ids.store_paris)).reserved).toBe(0)
      })

    })

    describe("refunds in kind", () => {
      it("a refund in kind run twice under one key (a retry after a crash) issues one gift card and one credit", async () => {
        const res = await pos.sales(sale([{ method: "cash", amount: 3000 }], { customer: { email: "retry@example.com" } }))
        const input = {
          payment_id: res.data.payment_id,
          amount: 1000,
          currency_code: "EUR",
          reference: "R-RETRY-GIFT",
          channel: "in_store" as const,
          method: "gift_card" as const,
          idempotency_key: `pos:${terminal.id}:retry-gift`,
          retry_of_same_request: true,
        }
        const first = await refundChainWorkflow(store.container).run({ input })
        const second = await refundChainWorkflow(store.container).run({ input })
        expect(second.result.gift_card?.code).toBe(first.result.gift_card?.code)
        expect(await store.container.resolve<any>("loyalty").listGiftCards({ reference_id: input.idempotency_key })).toHaveLength(1)

        const credit = { ...input, reference: "R-RETRY-CREDIT", method: "store_credit" as const, idempotency_key: `pos:${terminal.id}:retry-credit` }
        await refundChainWorkflow(store.container).run({ input: credit })
        const again = await refundChainWorkflow(store.container).run({ input: credit })
        expect(again.result.store_credit?.balance).toBe(1000)
        const chain = await expectMedusaAgrees(res.data.payment_id)
        expect(chain.totals.refunded).toBe(2000)
        expect(chain.operations.filter((o: any) => o.type === "refund")).toHaveLength(2)
      })

      it("the admin refunds a till sale as store credit; Medusa's own refund of a cash payment is sent to ours", async () => {
        const res = await pos.sales(sale([{ method: "cash", amount: 3000 }], { customer: { email: "admin-credit@example.com" } }))
        const refund = await admin("post", `/admin/omnichannel/chains/${res.data.payment_id}/refunds`, {
          amount: 1200,
          currency_code: "EUR",
          reference: "R-ADMIN-CREDIT",
          method: "store_credit",
        })
        expect(refund.status).toBe(201)
        expect(refund.data.store_credit).toEqual(expect.objectContaining({ amount: 1200, balance: 1200 }))
        expect(refund.data.operation).toEqual(expect.objectContaining({ method: "store_credit", channel: "online" }))
        await expectMedusaAgrees(res.data.payment_id)

        const order = (await admin("get", `/admin/orders/${res.data.order_id}?fields=*payment_collections.payments`)).data.order
        const payment = order.payment_collections[0].payments[0]
        const native = await admin("post", `/admin/payments/${payment.id}/refund`, { amount: 5 })
        expect(native.status).toBeGreaterThanOrEqual(400)
        expect(JSON.stringify(native.data)).toContain("method: a cash payment is refunded with the omnichannel refund")
        const chain = await expectMedusaAgrees(res.data.payment_id)
        expect(chain.totals.refunded).toBe(1200)
      })
    })
  },
})
