import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import type { AxiosInstance } from "axios"
import { computeOfflineToken, type PosClient } from "../../plugin/src/pos-client"
import { storeTestRunner } from "../helpers/store-runner"
import { seededStore } from "../helpers/admin"
import { placeOrder, registerCustomer, TEST_CARDS, tokenizeInHostedForm, type Customer } from "../helpers/checkout"
import { newTill } from "../helpers/till-sale"

jest.setTimeout(300 * 1000)

const TOKEN_KEY = "customer-activity-token-key-0123456789abcdef"

/**
 * One customer across channels (issue 21, DESIGN 7.3): GET /admin/omnichannel/customers/:id/activity
 * sums the chains of the orders Medusa gives the customer, whatever channel sold them, and
 * lists the cards the customer kept with every channel each one paid in.
 */
storeTestRunner({
  env: {
    OMNI_TOKEN_KEY: TOKEN_KEY,
    OMNI_RECOGNIZE_CUSTOMERS: "by_card",
  },
  testSuite: ({ api, getContainer }) => {
    const http = api as AxiosInstance
    const store = seededStore(api, getContainer)
    const { admin, chainOf } = store
    let pos: PosClient
    let n = 0

    const activityOf = (customerId: string, query = "") => admin("get", `/admin/omnichannel/customers/${customerId}/activity${query}`)
    const customerIdOf = async (email: string) => {
      const { data } = await store.container.resolve(ContainerRegistrationKeys.QUERY).graph({ entity: "customer", fields: ["id"], filters: { email } })
      return (data[0] as { id: string }).id
    }
    const orderOf = async (orderId: string) =>
      (await store.container.resolve(ContainerRegistrationKeys.QUERY).graph({
        entity: "order",
        fields: ["id", "customer_id", "payment_collections.payments.id", "omnichannel_chains.payment_id"],
        filters: { id: orderId },
      })).data[0] as any

    /** A logged-in customer's online order, its card captured with Medusa's own admin action. */
    const paidOnline = async (customer: Customer, opts: { store_credentials?: boolean; currency?: "eur" | "jpy" } = {}) => {
      const { order } = await placeOrder(http, store.container, store.seed, { card: TEST_CARDS.approved, customer, store_credentials: opts.store_credentials ?? true, currency: opts.currency })
      expect(order).toBeTruthy()
      const full = await orderOf(order.id)
      const captured = await admin("post", `/admin/payments/${full.payment_collections[0].payments[0].id}/capture`, {})
      expect(captured.status).toBe(200)
      return { order_id: order.id as string, payment_id: full.omnichannel_chains[0].payment_id as string }
    }

    /** The customer's browser on a link's page: the hosted form, the card typed there, Pay. */
    const payLink = async (url: string, card: string) => {
      const token = decodeURIComponent(url.split("/").pop()!)
      const shop = (body: unknown) => http.post(`/store/omnichannel/payment-links/${token}/pay`, body, { headers: { "x-publishable-api-key": store.seed.publishable_key } }).catch((e) => e.response)
      const form = await shop({})
      const hostedId = await tokenizeInHostedForm(http, form.data.hosted_card, card)
      return await shop({ hosted_tokenization_id: hostedId, return_url: `http://localhost:9000/shop/pay/${token}?returned=1` })
    }

    /**
     * The story: online with the card kept, then at the till without saying who (the
     * card says it), then a deposit at the till whose balance a link asks for, paid by the
     * same card; a second link for what is still owed stays open, and part of the till's
     * card payment is refunded at the till.
     */
    const customerAcrossChannels = async () => {
      const customer = await registerCustomer(http, store.seed)
      const customerId = await customerIdOf(customer.email)
      const online = await paidOnline(customer)

      const anonymous = await pos.sales({
        sale_id: `S-ANON-${++n}`,
        occurred_at: new Date().toISOString(),
        currency_code: "EUR",
        items: [{ sku: "TOTE-NATURAL", quantity: 2, unit_price: 1250, fulfilled: true }],
        payments: [{ method: "card", amount: 2500, acquirer_reference: `T-ANON-${n}`, card: { brand: "visa", bin: "424242", last4: "4242", offline_token: computeOfflineToken(TOKEN_KEY, TEST_CARDS.approved) } }],
      })
      expect([anonymous.status, anonymous.data.customer_recognized_by]).toEqual([201, "card"])
      expect((await orderOf(anonymous.data.order_id)).customer_id).toBe(customerId)

      const deposit = await pos.sales({
        sale_id: `S-DEPOSIT-${++n}`,
        occurred_at: new Date().toISOString(),
        currency_code: "EUR",
        customer: { email: customer.email },
        items: [{ sku: "SNEAKER-40", quantity: 1, unit_price: 7990, fulfilled: false }],
        payments: [{ method: "cash", amount: 2000 }],
      })
      expect(deposit.status).toBe(201)
      const link = await admin("post", `/admin/omnichannel/orders/${deposit.data.order_id}/payment-links`, { amount: 3990 })
      expect(link.status).toBe(201)
      const paid = await payLink(link.data.payment_link.url, TEST_CARDS.approved)
      expect([paid.status, paid.data.status]).toEqual([200, "paid"])
      const open = await admin("post", `/admin/omnichannel/orders/${deposit.data.order_id}/payment-links`, {}, { "Idempotency-Key": `balance-${n}` })
      expect([open.status, open.data.payment_link?.amount]).toEqual([201, 2000])

      // A tote brought back to the till: refunded there, to the card.
      const refund = await pos.refunds({ payment_id: anonymous.data.payment_id, amount: 1250, currency_code: "EUR", reference: `R-${n}` })
      expect(refund.status).toBe(201)
      return {
        customer,
        customerId,
        online,
        till: anonymous.data as { order_id: string; payment_id: string },
        deposit: deposit.data as { order_id: string; payment_id: string },
        openLink: open.data.payment_link,
        crmToken: (await chainOf(online.payment_id)).crm_token as string,
      }
    }

    beforeEach(async () => {
      ;({ pos } = await newTill(http, store.headers, { name: "Paris till", stock_location_id: store.seed.stock_location_ids.store_paris }))
    })

    describe("GET /admin/omnichannel/customers/:customer_id/activity", () => {
      it("a customer who paid online, anonymously at a till with the same card, then by link: one activity, three channels, totals of the chains", async () => {
        const story = await customerAcrossChannels()
        const res = await activityOf(story.customerId)
        expect([res.status, res.data.message]).toEqual([200, undefined])
        const activity = res.data
        expect(activity.customer_id).toBe(story.customerId)
        expect(activity.count).toBe(3)

        // Newest first, each linking to its Medusa order.
        expect(activity.chains.map((c: any) => [c.payment_id, c.order_id])).toEqual([
          [story.deposit.payment_id, story.deposit.order_id],
          [story.till.payment_id, story.till.order_id],
          [story.online.payment_id, story.online.order_id],
        ])
        for (const c of activity.chains) expect(c.order_display_id).toEqual(expect.any(Number))

        // The totals are the chains' own, added up (GET /admin/omnichannel/chains/:payment_id).
        const chains = await Promise.all([story.online, story.till, story.deposit].map((p) => chainOf(p.payment_id)))
        const expected = { paid: 0, refunded: 0, by_channel: {} as Record<string, { paid: number; refunded: number }> }
        for (const chain of chains) {
          expected.paid += chain.totals.paid
          expected.refunded += chain.totals.refunded
          for (const [channel, money] of Object.entries(chain.totals.by_channel) as [string, { paid: number; refunded: number }][]) {
            const into = (expected.by_channel[channel] ??= { paid: 0, refunded: 0 })
            into.paid += money.paid
            into.refunded += money.refunded
          }
        }
        expect(activity.totals).toEqual([
          { currency_code: "EUR", orders: 3, ...expected, first_at: expect.any(String), last_at: expect.any(String) },
        ])
        expect(Object.keys(activity.totals[0].by_channel).sort()).toEqual(["in_store", "online", "pay_by_link"])
        expect(activity.totals[0].by_channel.in_store).toEqual({ paid: 2500 + 2000, refunded: 1250 })
        expect(activity.totals[0].by_channel.pay_by_link).toEqual({ paid: 3990, refunded: 0 })
        expect(activity.totals[0].refunded).toBe(1250)
        expect(new Date(activity.totals[0].first_at).getTime()).toBeLessThanOrEqual(new Date(activity.totals[0].last_at).getTime())
        for (const c of activity.chains) {
          const chain = chains.find((x) => x.payment_id === c.payment_id)
          expect(c.totals).toEqual({ paid: chain.totals.paid, refunded: chain.totals.refunded, by_channel: chain.totals.by_channel })
        }

        // One card, kept online, seen at the till and on the link's page.
        expect(activity.cards).toEqual([
          { crm_token: story.crmToken, brand: "visa", bin: "424242", last4: "4242", channels: ["in_store", "online", "pay_by_link"], last_used_at: expect.any(String) },
        ])
        expect(activity.chains.map((c: any) => c.crm_token)).toEqual([story.crmToken, story.crmToken, story.crmToken])

        // The widget's extras: the link still open, and the refund.
        expect(activity.payment_links.map((l: any) => [l.id, l.status, l.amount, l.payment_id])).toEqual([[story.openLink.id, "open", 2000, story.deposit.payment_id]])
        expect(activity.refunds).toEqual([
          expect.objectContaining({ payment_id: story.till.payment_id, order_id: story.till.order_id, amount: 1250, currency_code: "EUR", status: "succeeded", reference: expect.stringMatching(/^R-/) }),
        ])
        expect(JSON.stringify(activity)).not.toContain(TEST_CARDS.approved)
      })

      it("pages the chains with limit and offset; count and totals cover them all", async () => {
        const story = await customerAcrossChannels()
        const all = (await activityOf(story.customerId)).data
        const first = await activityOf(story.customerId, "?limit=2")
        const second = await activityOf(story.customerId, "?limit=2&offset=2")
        const past = await activityOf(story.customerId, "?limit=2&offset=5")
        expect([first.status, second.status, past.status]).toEqual([200, 200, 200])
        expect(first.data.chains.map((c: any) => c.payment_id)).toEqual(all.chains.slice(0, 2).map((c: any) => c.payment_id))
        expect(second.data.chains.map((c: any) => c.payment_id)).toEqual(all.chains.slice(2).map((c: any) => c.payment_id))
        expect(past.data.chains).toEqual([])
        for (const page of [first, second, past]) {
          expect([page.data.count, page.data.totals, page.data.cards]).toEqual([3, all.totals, all.cards])
        }
        expect([first.data.limit, first.data.offset, second.data.offset]).toEqual([2, 0, 2])
      })

      it("a customer who paid in euros and in yen has one total per currency, each in its minor units", async () => {
        const customer = await registerCustomer(http, store.seed)
        const customerId = await customerIdOf(customer.email)
        const eur = await paidOnline(customer, { store_credentials: false })
        const jpy = await paidOnline(customer, { store_credentials: false, currency: "jpy" })
        const [eurChain, jpyChain] = [await chainOf(eur.payment_id), await chainOf(jpy.payment_id)]
        expect([eurChain.currency_code, jpyChain.currency_code]).toEqual(["EUR", "JPY"])

        const res = await activityOf(customerId)
        expect([res.status, res.data.message]).toEqual([200, undefined])
        const data = res.data
        expect(data.count).toBe(2)
        const byCurrency = Object.fromEntries(data.totals.map((t: any) => [t.currency_code, t]))
        expect(Object.keys(byCurrency).sort()).toEqual(["EUR", "JPY"])
        expect(byCurrency.EUR).toEqual(expect.objectContaining({ orders: 1, paid: eurChain.totals.paid, refunded: 0, by_channel: { online: { paid: eurChain.totals.paid, refunded: 0 } } }))
        expect(byCurrency.JPY).toEqual(expect.objectContaining({ orders: 1, paid: jpyChain.totals.paid, refunded: 0, by_channel: { online: { paid: jpyChain.totals.paid, refunded: 0 } } }))
        // The yen has no minor unit: the same goods cost fewer yen units than euro cents would suggest.
        expect(Number.isInteger(byCurrency.JPY.paid) && byCurrency.JPY.paid > 0).toBe(true)
        // Neither card was kept: no card is the customer's.
        expect(data.cards).toEqual([])
      })

      it("a customer with nothing yet: empty totals, cards and chains", async () => {
        const customer = await registerCustomer(http, store.seed)
        const res = await activityOf(await customerIdOf(customer.email))
        expect(res.status).toBe(200)
        expect(res.data).toEqual({ customer_id: expect.any(String), totals: [], cards: [], chains: [], count: 0, payment_links: [], refunds: [], limit: 20, offset: 0 })
      })

      it("an unknown customer: 404 CUSTOMER_NOT_FOUND", async () => {
        const res = await activityOf("cus_does_not_exist")
        expect([res.status, res.data]).toEqual([404, { code: "CUSTOMER_NOT_FOUND", type: "not_found", message: "customer_id: no customer cus_does_not_exist" }])
      })

      it("a bad limit or offset: 400 naming the field", async () => {
        const customer = await registerCustomer(http, store.seed)
        const customerId = await customerIdOf(customer.email)
        for (const [query, field] of [
          ["?limit=0", "limit"],
          ["?limit=101", "limit"],
          ["?limit=abc", "limit"],
          ["?limit=2.5", "limit"],
          ["?offset=-1", "offset"],
          ["?offset=x", "offset"],
          ["?page=2", "page"],
        ] as const) {
          const res = await activityOf(customerId, query)
          expect([query, res.status, res.data.code, res.data.type]).toEqual([query, 400, "INVALID_DATA", "invalid_data"])
          expect(res.data.message.startsWith(`${field}: `)).toBe(true)
        }
      })

      it("asks for an admin", async () => {
        const res = await http.get("/admin/omnichannel/customers/cus_x/activity").catch((e) => e.response)
        expect(res.status).toBe(401)
      })
    })
  },
})
