import { resolve } from "path"
import { TestEventUtils } from "@medusajs/test-utils"
import { Modules } from "@medusajs/framework/utils"
import type { AxiosInstance } from "axios"
import { computeOfflineToken, PosClient, type PosSale } from "../../plugin/src/pos-client"
import { storeTestRunner } from "../helpers/store-runner"
import { seededStore } from "../helpers/admin"
import { expectAllBooksAgree } from "../helpers/books"
import { newTill } from "../helpers/till-sale"
import { TEST_CARDS } from "../helpers/checkout"
import { REFUSED_DOMAIN } from "../helpers/refusing-email-provider"

jest.setTimeout(300 * 1000)

const TOKEN_KEY = "notifications-suite-token-key-0123456789abcdef"

const SALE_INGESTED = "omnichannel.pos_sale.ingested"
const REFUND_SUCCEEDED = "omnichannel.refund.succeeded"

/**
 * The plugin's emails through Medusa's Notification Module: a till sale's e-receipt, a
 * refund's confirmation at a till and by the admin, the payment link and its payment; each
 * sent once per event however often the event comes, and a provider that fails never fails
 * the sale or refund. Subscribers run after the answer: each test waits for them.
 */
storeTestRunner({
  env: {
    OMNI_TOKEN_KEY: TOKEN_KEY,
    // Emails go through notification-local's provider, which here refuses one domain (see the helper).
    OMNI_EMAIL_PROVIDER: resolve(__dirname, "../helpers/refusing-email-provider"),
  },
  testSuite: ({ api, getContainer }) => {
    let terminal: { id: string; stock_location_id: string }
    let pos: PosClient

    const store = seededStore(api, getContainer)
    const { admin } = store
    const emailsTo = async (to: string) =>
      (await store.container.resolve(Modules.NOTIFICATION).listNotifications({ channel: "email", to }, { order: { created_at: "ASC" } })) as any[]
    /** Runs `act`, then waits until every subscriber of `event` has run (`times` deliveries). */
    const andSubscribers = async <T>(event: string, act: () => Promise<T>, times = 1): Promise<T> => {
      const done = TestEventUtils.waitSubscribersExecution(event, store.container.resolve(Modules.EVENT_BUS) as any, { triggerCount: times, timeout: 60_000 })
      const result = await act()
      await done
      return result
    }

    let n = 0
    const sale = (email: string | null, overrides: Partial<PosSale> = {}): PosSale => ({
      sale_id: `S-NOTE-${++n}`,
      occurred_at: "2026-11-28T10:00:00.000Z",
      currency_code: "EUR",
      ...(email ? { customer: { email, first_name: "Ada" } } : {}),
      items: [{ sku: "SHIRT-M", quantity: 2, unit_price: 1500, fulfilled: true }],
      payments: [
        {
          method: "card",
          amount: 2000,
          acquirer_reference: `T-NOTE-${n}`,
          card: { brand: "visa", bin: "424242", last4: "4242", offline_token: computeOfflineToken(TOKEN_KEY, TEST_CARDS.approved) },
        },
        { method: "cash", amount: 1000, tendered: 2000, change: 1000 },
      ],
      ...overrides,
    })

    beforeEach(async () => {
      ;({ terminal, pos } = await newTill(api as AxiosInstance, store.headers, { name: "Till", stock_location_id: store.seed.stock_location_ids.store_paris }))
    })

    describe("e-receipts of till sales", () => {
      it("a till sale naming the customer's email sends one e-receipt; the sale sent again sends none", async () => {
        const email = "ada@example.com"
        const one = sale(email)
        const res = await andSubscribers(SALE_INGESTED, () => pos.sales(one))
        expect(res.status).toBe(201)

        const [receipt, ...more] = await emailsTo(email)
        expect(more).toEqual([])
        expect(receipt).toEqual(
          expect.objectContaining({
            to: email,
            channel: "email",
            template: "omnichannel-till-receipt",
            status: "success",
            trigger_type: SALE_INGESTED,
            resource_type: "order",
            resource_id: res.data.order_id,
            idempotency_key: `omnichannel-till-receipt:${terminal.id}:${one.sale_id}`,
          })
        )
        expect(receipt.data).toEqual(
          expect.objectContaining({
            sale_id: one.sale_id,
            currency_code: "EUR",
            payment_id: res.data.payment_id,
            lines: [{ title: expect.stringContaining("Shirt"), quantity: 2, unit_price: 1500 }],
            payments: [
              { method: "card", amount: 2000, card: { brand: "visa", last4: "4242" } },
              { method: "cash", amount: 1000, tendered: 2000, change: 1000 },
            ],
          })
        )
        // Of the card only its brand and last 4 reach the notification.
        const stored = JSON.stringify(receipt.data)
        expect(stored).not.toContain(computeOfflineToken(TOKEN_KEY, TEST_CARDS.approved))
        expect(stored).not.toMatch(/"bin"|offline_token|acquirer_reference/)

        // The till repeats the sale: its answer is replayed, nothing runs again.
        const replay = await pos.sales(one)
        expect(replay.status).toBe(201)
        expect(replay.headers["idempotent-replayed"]).toBe("true")
        // The till sends it again under another key: the sale runs again (nothing written
        // twice) and its event comes again; the receipt is not sent twice.
        const again = await andSubscribers(SALE_INGESTED, () => pos.sales(one, `${one.sale_id}-resent`))
        expect(again.status).toBe(201)
        expect(again.data.order_id).toBe(res.data.order_id)
        expect(await emailsTo(email)).toHaveLength(1)

        // A sale that names no customer has no one to send a receipt to.
        const anonymous = await andSubscribers(SALE_INGESTED, () => pos.sales(sale(null)))
        expect(anonymous.status).toBe(201)
        const notifications = store.container.resolve(Modules.NOTIFICATION)
        expect(await notifications.listNotifications({ channel: "email", resource_id: anonymous.data.order_id })).toEqual([])
        await expectAllBooksAgree(store.container)
      })

    })

    describe("refund confirmations, and a provider that fails to send", () => {
      it("a refund at the till, one by the admin and one with Medusa's own refund button each send the order's customer a confirmation", async () => {
        const email = "grace@example.com"
        const res = await andSubscribers(SALE_INGESTED, () => pos.sales(sale(email)))
        expect(res.status).toBe(201)
        const paymentId = res.data.payment_id

        const atTill = await andSubscribers(REFUND_SUCCEEDED, () =>
          pos.refunds({ payment_id: paymentId, amount: 500, currency_code: "EUR", reference: "R-TILL", method: "cash" })
        )
        expect(atTill.status).toBe(201)
        const byAdmin = await andSubscribers(REFUND_SUCCEEDED, () =>
          admin("post", `/admin/omnichannel/chains/${paymentId}/refunds`, { amount: 1200, currency_code: "EUR", reference: "R-ADMIN" })
        )
        expect(byAdmin.status).toBe(201)
        // Medusa's own refund button on the card payment (the provider's refund, not our workflow).
        const cardPayment = byAdmin.data.chain.operations.find((o: any) => o.type === "payment" && o.method === "card").medusa_payment_id
        const byMedusa = await andSubscribers(REFUND_SUCCEEDED, () => admin("post", `/admin/payments/${cardPayment}/refund`, { amount: 3 }))
        expect(byMedusa.status).toBe(200)

        const refunds = (await emailsTo(email)).filter((e) => e.template === "omnichannel-refund-confirmation")
        expect(refunds.map((e) => [e.status, e.resource_id, e.data])).toEqual([
          ["success", res.data.order_id, expect.objectContaining({ amount: 500, currency_code: "EUR", method: "cash", channel: "in_store", payment_id: paymentId })],
          ["success", res.data.order_id, expect.objectContaining({ amount: 1200, currency_code: "EUR", method: "card", channel: "online", payment_id: paymentId })],
          ["success", res.data.order_id, expect.objectContaining({ amount: 300, currency_code: "EUR", method: "card", channel: "online", payment_id: paymentId })],
        ])
        expect(refunds[0].idempotency_key).toBe(`omnichannel-refund-confirmation:${atTill.data.operation.id}`)
        await expectAllBooksAgree(store.container)
      })

      it("a provider that fails to send fails neither the sale nor the refund; the notification is kept as failed", async () => {
        const email = `nobody${REFUSED_DOMAIN}`
        const res = await andSubscribers(SALE_INGESTED, () => pos.sales(sale(email)))
        expect(res.status).toBe(201)
        const refund = await andSubscribers(REFUND_SUCCEEDED, () =>
          pos.refunds({ payment_id: res.data.payment_id, amount: 700, currency_code: "EUR", reference: "R-REFUSED" })
        )
        expect(refund.status).toBe(201)

        const chain = (await admin("get", `/admin/omnichannel/chains/${res.data.payment_id}`)).data.chain
        expect(chain.totals).toEqual(expect.objectContaining({ paid: 3000, refunded: 700 }))
        expect((await emailsTo(email)).map((e) => [e.template, e.status])).toEqual([
          ["omnichannel-till-receipt", "failure"],
          ["omnichannel-refund-confirmation", "failure"],
        ])
        await expectAllBooksAgree(store.container)
      })

    })

    describe("payment link emails", () => {
      it("a payment link naming the customer's email sends them the link, and its payment a confirmation, once each", async () => {
        const email = "linus@example.com"
        const res = await andSubscribers(SALE_INGESTED, () => pos.sales(sale(null)))
        const ledger = store.container.resolve<any>("omnichannel")
        const chain = await ledger.retrieveChainByPaymentId(res.data.payment_id)
        const link = await ledger.createPaymentLink({
          chain_id: chain.id,
          payment_id: chain.payment_id,
          order_id: res.data.order_id,
          amount: 150000,
          currency_code: "EUR",
          customer_email: email,
          note: "The <b>balance</b> of your order",
          origin: "admin",
        })
        const eventBus = store.container.resolve(Modules.EVENT_BUS)
        // Delivered twice (a redelivery): sent once.
        await andSubscribers("omnichannel.payment_link.created", () => eventBus.emit({ name: "omnichannel.payment_link.created", data: { id: link.id } }))
        await andSubscribers("omnichannel.payment_link.created", () => eventBus.emit({ name: "omnichannel.payment_link.created", data: { id: link.id } }))

        const [request, ...more] = await emailsTo(email)
        expect(more).toEqual([])
        expect(request).toEqual(expect.objectContaining({ template: "omnichannel-payment-request", status: "success", resource_id: link.id }))
        expect(request.data).toEqual(
          expect.objectContaining({ amount: 150000, currency_code: "EUR", url: ledger.viewPaymentLink(link).url, note: "The <b>balance</b> of your order" })
        )
        expect(request.data.url).toContain(encodeURIComponent(link.token))

        await ledger.markPaymentLinkPaid(link.id, "ocop_test_paid")
        await andSubscribers("omnichannel.payment_link.paid", () =>
          eventBus.emit({ name: "omnichannel.payment_link.paid", data: { id: link.id, operation_id: "ocop_test_paid" } })
        )
        const received = (await emailsTo(email)).filter((e) => e.template === "omnichannel-payment-received")
        expect(received.map((e) => [e.status, e.data.amount, e.data.payment_id])).toEqual([["success", 150000, chain.payment_id]])
        await expectAllBooksAgree(store.container)
      })
    })
  },
})
