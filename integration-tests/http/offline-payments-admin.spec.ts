import { Modules } from "@medusajs/framework/utils"
import type { AxiosInstance } from "axios"
import type { PosClient, PosSale } from "../../plugin/src/pos-client"
import { seededStore } from "../helpers/admin"
import { TEST_CARDS, tokenizeInHostedForm } from "../helpers/checkout"
import { storeTestRunner } from "../helpers/store-runner"
import { newTill } from "../helpers/till-sale"

jest.setTimeout(300 * 1000)

const HOUR = 3_600_000

/**
 * What the admin sees of card payments a till approved offline (DESIGN 7.2): awaiting the
 * till's outcome, overdue after the terminal's max_hours, or declined after the sale with
 * the payment link sent for it; and the admin sending that link's email again.
 */
storeTestRunner({
  env: { OMNI_TOKEN_KEY: "offline-payments-admin-token-key-0123456789" },
  testSuite: ({ api, getContainer }) => {
    const http = api as AxiosInstance
    const store = seededStore(api, getContainer)
    const { admin } = store
    let pos: PosClient
    let terminalId: string

    beforeEach(async () => {
      const till = await newTill(http, store.headers, { name: "Offline till", stock_location_id: store.seed.stock_location_ids.store_paris })
      pos = till.pos
      terminalId = till.terminal.id
    })

    let n = 0
    /** A sale paid in full by a card the terminal approved offline, `hoursAgo` before now. */
    const offlineSale = (opts: { email?: string; hoursAgo?: number; quantity?: number } = {}): PosSale & { reference: string } => {
      const reference = `OFF-${++n}-${Date.now()}`
      const quantity = opts.quantity ?? 2
      return {
        reference,
        sale_id: `S-OFF-${n}-${Date.now()}`,
        occurred_at: new Date(Date.now() - (opts.hoursAgo ?? 0) * HOUR).toISOString(),
        currency_code: "EUR",
        ...(opts.email ? { customer: { email: opts.email } } : {}),
        items: [{ sku: "SHIRT-M", quantity, unit_price: 1500, fulfilled: true }],
        payments: [{ method: "card", amount: quantity * 1500, offline: true, acquirer_reference: reference, card: { brand: "visa", bin: "424242", last4: "4242" } }],
      }
    }
    const sell = async (sale: PosSale & { reference: string }) => {
      const { reference: _ref, ...body } = sale
      const res = await pos.sales(body)
      expect(res.status).toBe(201)
      return res.data as { order_id: string; payment_id: string }
    }
    const outcomes = async (list: { acquirer_reference: string; outcome: "approved" | "declined"; reason?: string }[]) => {
      const res = await pos.post("/pos/card-outcomes", { outcomes: list })
      expect(res.status).toBe(200)
      expect(res.data.results.map((r: any) => r.status)).toEqual(list.map(() => 200))
      return res.data.results
    }
    const listed = async (query = "") => {
      const res = await admin("get", `/admin/omnichannel/offline-payments${query}`)
      expect(res.status).toBe(200)
      return res.data as { offline_payments: any[]; count: number }
    }
    const emailsTo = async (to: string) =>
      (await store.container.resolve(Modules.NOTIFICATION).listNotifications({ to, channel: "email" }, { order: { created_at: "ASC" } })) as any[]
    /** The decline's link is sent by a subscriber, after the answer: wait for its email. */
    const declinedWithLink = async (reference: string, email: string) => {
      for (let i = 0; i < 100; i++) {
        const row = (await listed("?state=declined")).offline_payments.find((p) => p.acquirer_reference === reference)
        if (row?.payment_link && (await emailsTo(email)).some((e) => e.resource_id === row.payment_link.id)) return row
        await new Promise((r) => setTimeout(r, 100))
      }
      throw new Error(`no payment link was sent to ${email} for the decline of ${reference}`)
    }

    describe("GET /admin/omnichannel/offline-payments", () => {
      it("lists a card declined after the sale with its order, customer, reason and the link sent for it; an approved one as approved", async () => {
        const declined = offlineSale({ email: "ada@example.com" })
        const approved = offlineSale({ quantity: 1 })
        const declinedSale = await sell(declined)
        const approvedSale = await sell(approved)
        await outcomes([
          { acquirer_reference: declined.reference, outcome: "declined", reason: "insufficient funds" },
          { acquirer_reference: approved.reference, outcome: "approved" },
        ])
        const row = await declinedWithLink(declined.reference, "ada@example.com")

        expect(row).toEqual(
          expect.objectContaining({
            operation_id: expect.stringMatching(/^oop_/),
            payment_id: declinedSale.payment_id,
            order_id: declinedSale.order_id,
            terminal_id: terminalId,
            amount: 3000,
            currency_code: "EUR",
            occurred_at: declined.occurred_at,
            status: "declined",
            flags: [],
            overdue: false,
            reason: "insufficient funds",
            declined_at: expect.any(String),
            customer: expect.objectContaining({ email: "ada@example.com" }),
            payment_link: expect.objectContaining({ id: expect.stringMatching(/^plink_/), url: expect.stringContaining("/pay/"), status: "open", amount: 3000, emails_sent: 1 }),
          })
        )
        const all = await listed()
        expect(all.count).toBe(2)
        expect(all.offline_payments.find((p) => p.acquirer_reference === approved.reference)).toEqual(
          expect.objectContaining({ status: "approved", order_id: approvedSale.order_id, amount: 1500, reason: null, declined_at: null, payment_link: null, customer: null })
        )
      })

      it("filters by state: pending lists what awaits its outcome, declined what was declined; count and paging follow the filter", async () => {
        const sales = [offlineSale({ email: "grace@example.com", hoursAgo: 3 }), offlineSale({ hoursAgo: 2 }), offlineSale({ hoursAgo: 1 })]
        for (const sale of sales) await sell(sale)
        await outcomes([{ acquirer_reference: sales[0].reference, outcome: "declined", reason: "stolen card" }])

        const pending = await listed("?state=pending")
        // Oldest first: the longest at risk.
        expect(pending.offline_payments.map((p) => [p.acquirer_reference, p.status, p.overdue, p.payment_link])).toEqual([
          [sales[1].reference, "offline_approved", false, null],
          [sales[2].reference, "offline_approved", false, null],
        ])
        expect(pending.count).toBe(2)
        const declined = await listed("?state=declined")
        expect(declined.offline_payments.map((p) => p.acquirer_reference)).toEqual([sales[0].reference])
        expect(declined.count).toBe(1)
        const page = await listed("?state=pending&limit=1&offset=1")
        expect(page.offline_payments.map((p) => p.acquirer_reference)).toEqual([sales[2].reference])
        expect(page.count).toBe(2)
        expect((await listed("?state=pending&offset=5")).count).toBe(2)
        expect((await listed()).count).toBe(3)
      })

      it("a pending payment is overdue once its terminal's max_hours (24 h unless set) have passed since the sale", async () => {
        const old = offlineSale({ hoursAgo: 30 })
        const recent = offlineSale({ hoursAgo: 2 })
        await sell(old)
        await sell(recent)

        const overdue = await listed("?state=overdue")
        expect(overdue.offline_payments.map((p) => [p.acquirer_reference, p.status, p.overdue])).toEqual([[old.reference, "offline_approved", true]])
        expect(overdue.count).toBe(1)
        const pending = await listed("?state=pending")
        expect(pending.offline_payments.map((p) => [p.acquirer_reference, p.overdue])).toEqual([
          [old.reference, true],
          [recent.reference, false],
        ])

        // The admin gives this till 1 hour: the recent one, 2 hours old, is overdue too.
        const limits = { max_payment: 100_000, max_total: 500_000, max_hours: 1, currency_code: "EUR" }
        expect((await admin("post", `/admin/omnichannel/terminals/${terminalId}`, { offline: limits })).status).toBe(200)
        expect((await listed("?state=overdue")).offline_payments.map((p) => p.acquirer_reference)).toEqual([old.reference, recent.reference])

        // Its outcome arrives: no longer pending, so no longer overdue.
        await outcomes([{ acquirer_reference: old.reference, outcome: "approved" }])
        expect((await listed("?state=overdue")).offline_payments.map((p) => p.acquirer_reference)).toEqual([recent.reference])
      })

      it("refuses a bad query 400 naming the field, and an unauthenticated call 401", async () => {
        const badState = await admin("get", "/admin/omnichannel/offline-payments?state=lost")
        expect(badState.status).toBe(400)
        expect(badState.data.message).toContain("state")
        const badLimit = await admin("get", "/admin/omnichannel/offline-payments?limit=0")
        expect(badLimit.status).toBe(400)
        expect(badLimit.data.message).toContain("limit")
        const anonymous = await http.get("/admin/omnichannel/offline-payments").catch((e) => e.response)
        expect(anonymous.status).toBe(401)
      })
    })

    describe("POST /admin/omnichannel/payment-links/:id/send", () => {
      const declineWithLink = async (email: string) => {
        const sale = offlineSale({ email })
        const sold = await sell(sale)
        await outcomes([{ acquirer_reference: sale.reference, outcome: "declined", reason: "do not honour" }])
        return { sold, row: await declinedWithLink(sale.reference, email) }
      }

      it("sends an open link's email again; the same Idempotency-Key sends nothing twice", async () => {
        const email = "linus@example.com"
        const { row } = await declineWithLink(email)
        const before = await emailsTo(email)

        const key = { "idempotency-key": "resend-1" }
        const res = await admin("post", `/admin/omnichannel/payment-links/${row.payment_link.id}/send`, {}, key)
        expect(res.status).toBe(200)
        expect(res.data.payment_link).toEqual(expect.objectContaining({ id: row.payment_link.id, status: "open", url: row.payment_link.url }))
        // The decline's own email again: it tells the customer why they are asked to pay.
        expect(res.data.email).toEqual({ to: email, template: "omnichannel-offline-decline", status: "sent" })

        const after = await emailsTo(email)
        expect(after).toHaveLength(before.length + 1)
        const resent = after[after.length - 1]
        expect(resent).toEqual(
          expect.objectContaining({ status: "success", template: "omnichannel-offline-decline", resource_id: row.payment_link.id, resource_type: "omnichannel_payment_link" })
        )
        expect(resent.data).toEqual(expect.objectContaining({ amount: 3000, currency_code: "EUR", occurred_at: expect.any(String) }))
        expect(JSON.stringify(resent.data)).toContain(row.payment_link.url.split("/").pop())

        const replay = await admin("post", `/admin/omnichannel/payment-links/${row.payment_link.id}/send`, {}, key)
        expect(replay.status).toBe(200)
        expect(replay.headers["idempotent-replayed"]).toBe("true")
        expect(await emailsTo(email)).toHaveLength(before.length + 1)
        const shown = (await listed("?state=declined")).offline_payments.find((p) => p.operation_id === row.operation_id)
        expect(shown.payment_link.emails_sent).toBe(2)
      })

      it("refuses a canceled link and a paid one 409, an unknown one 404, and sends nothing", async () => {
        const canceled = (await declineWithLink("ines@example.com")).row.payment_link
        expect((await admin("post", `/admin/omnichannel/payment-links/${canceled.id}/cancel`, {})).status).toBe(200)
        const sentBefore = (await emailsTo("ines@example.com")).length
        const refusedCanceled = await admin("post", `/admin/omnichannel/payment-links/${canceled.id}/send`, {})
        expect([refusedCanceled.status, refusedCanceled.data.code]).toEqual([409, "PAYMENT_LINK_NOT_PAYABLE"])
        expect(refusedCanceled.data.message).toMatch(/canceled/)
        expect(await emailsTo("ines@example.com")).toHaveLength(sentBefore)

        // The customer pays the recovery link by card.
        const paid = (await declineWithLink("joan@example.com")).row.payment_link
        const token = decodeURIComponent(paid.url.split("/").pop())
        const shop = { "x-publishable-api-key": store.seed.publishable_key }
        const form = await http.post(`/store/omnichannel/payment-links/${token}/pay`, {}, { headers: shop })
        const hostedId = await tokenizeInHostedForm(http, form.data.hosted_card, TEST_CARDS.approved)
        const payment = await http.post(
          `/store/omnichannel/payment-links/${token}/pay`,
          { hosted_tokenization_id: hostedId, return_url: `http://localhost:9000/shop/pay/${token}?returned=1` },
          { headers: shop }
        )
        expect(payment.data.status).toBe("paid")
        const refusedPaid = await admin("post", `/admin/omnichannel/payment-links/${paid.id}/send`, {})
        expect([refusedPaid.status, refusedPaid.data.code]).toEqual([409, "PAYMENT_LINK_NOT_PAYABLE"])
        expect((await emailsTo("joan@example.com")).filter((e) => e.trigger_type === "omnichannel.payment_link.resent")).toEqual([])
        const shown = (await listed("?state=declined")).offline_payments.find((p) => p.payment_link?.id === paid.id)
        expect(shown.payment_link.status).toBe("paid")

        const unknown = await admin("post", "/admin/omnichannel/payment-links/plink_nope/send", {})
        expect([unknown.status, unknown.data.code]).toEqual([404, "PAYMENT_LINK_NOT_FOUND"])
      })

      it("sends a link that recovers no decline as the payment request; refuses one naming no email 422, sending nothing", async () => {
        // A deposit at the till: 20.00 cash on 79.90, 59.90 owed; the sale names no customer.
        const deposit = await pos.sales({
          sale_id: `S-DEPOSIT-${Date.now()}`,
          occurred_at: new Date().toISOString(),
          currency_code: "EUR",
          items: [{ sku: "SNEAKER-40", quantity: 1, unit_price: 7990, fulfilled: false }],
          payments: [{ method: "cash", amount: 2000 }],
        })
        expect(deposit.status).toBe(201)
        const links = `/admin/omnichannel/orders/${deposit.data.order_id}/payment-links`
        const noEmail = await admin("post", links, { amount: 1000 })
        expect(noEmail.status).toBe(201)
        const refused = await admin("post", `/admin/omnichannel/payment-links/${noEmail.data.payment_link.id}/send`, {})
        expect([refused.status, refused.data.code]).toEqual([422, "OPERATION_NOT_ALLOWED"])
        expect(refused.data.message).toContain("customer_email")

        const email = "mary@example.com"
        const withEmail = await admin("post", links, { amount: 2000, customer_email: email })
        expect(withEmail.status).toBe(201)
        const sent = await admin("post", `/admin/omnichannel/payment-links/${withEmail.data.payment_link.id}/send`, {})
        expect(sent.status).toBe(200)
        expect(sent.data.email).toEqual({ to: email, template: "omnichannel-payment-request", status: "sent" })
        const resent = (await emailsTo(email)).filter((e) => e.trigger_type === "omnichannel.payment_link.resent")
        expect(resent.map((e) => [e.template, e.status, e.data.amount])).toEqual([["omnichannel-payment-request", "success", 2000]])
      })

      it("refuses an unauthenticated call 401", async () => {
        const res = await http.post("/admin/omnichannel/payment-links/plink_any/send", {}).catch((e) => e.response)
        expect(res.status).toBe(401)
      })
    })
  },
})
