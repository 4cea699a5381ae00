import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import type { AxiosInstance } from "axios"
import type { PosClient, PosSale } from "../../plugin/src/pos-client"
import { toMinor } from "../../plugin/src/money"
import { settlePendingPayments } from "../../plugin/src/jobs/settle-pending-payments"
import { storeTestRunner } from "../helpers/store-runner"
import { seededStore } from "../helpers/admin"
import { expectAllBooksAgree } from "../helpers/books"
import { newTill } from "../helpers/till-sale"
import { answerChallenge, TEST_CARDS, tokenizeInHostedForm } from "../helpers/checkout"
import { useTestAcquirer, type TestAcquirerName } from "../helpers/test-acquirer"

jest.setTimeout(300 * 1000)

const TOKEN_KEY = "payment-links-suite-token-key-0123456789abcdef"

/** The suite, run once per acquirer (see integration-tests/http/payment-links*.spec.ts). */
export function paymentLinksSuite(acquirerName: TestAcquirerName) {
  const acquirer = useTestAcquirer(acquirerName, TOKEN_KEY)
  const platform = acquirer.platform

  /**
   * Pay by link (seed 003: "request the payment for the remaining amount online"): a link
   * for what an order still owes, paid on the same chain through the hosted card form and
   * 3-D Secure, once, whatever the customer's tabs do; refused when it is no longer payable.
   */
  storeTestRunner({
    env: {
      OMNI_TOKEN_KEY: TOKEN_KEY,
    },
    testSuite: ({ api, getContainer }) => {
      let pos: PosClient
      let storefront: Record<string, string>

      const http = api as AxiosInstance
      const store = seededStore(api, getContainer)
      const { admin, chainOf } = store
      const shop = (method: "get" | "post", url: string, body?: unknown) =>
        http.request({ method, url, data: body, headers: storefront }).catch((e) => e.response)
      const tokenOf = (url: string) => decodeURIComponent(url.split("/").pop()!)
      const linkCount = async () => (await store.container.resolve<any>("omnichannel").listOmnichannelPaymentLinks({})).length

      let n = 0
      /** A till sale that keeps `deposit` in cash for goods worth 9990 handed over later. */
      const depositSale = (deposit: number, extra: Partial<PosSale> = {}): PosSale => ({
        sale_id: `S-LINK-${++n}-${Date.now()}`,
        occurred_at: new Date().toISOString(),
        currency_code: "EUR",
        items: [
          { sku: "SNEAKER-40", quantity: 1, unit_price: 7990, fulfilled: false },
          { sku: "SHIRT-M", quantity: 1, unit_price: 2000, fulfilled: true },
        ],
        payments: [{ method: "cash", amount: deposit }],
        customer: { email: "ada@example.com" },
        ...extra,
      })

      /** The customer's answer on the platform's 3-D Secure page. */
      const authenticate = async (redirectUrl: string) =>
        platform ? await platform.answerChallenge(redirectUrl, true) : await answerChallenge(http, redirectUrl, true)

      const outstanding = async (orderId: string) => {
        const { data } = await store.container.resolve(ContainerRegistrationKeys.QUERY).graph({ entity: "order", fields: ["summary.*"], filters: { id: orderId } })
        return toMinor((data[0] as any).summary.pending_difference, "EUR")
      }

      /** The emails Medusa's Notification Module sent to `to`, by template, once the subscribers have run. */
      const emailsTo = async (to: string, count: number) => {
        const notifications = store.container.resolve(Modules.NOTIFICATION)
        for (let i = 0; i < 100; i++) {
          const sent = await notifications.listNotifications({ to, channel: "email" }, { order: { created_at: "ASC" } })
          if (sent.length >= count) return sent.map((n) => [n.template, n.status])
          await new Promise((r) => setTimeout(r, 100))
        }
        return (await notifications.listNotifications({ to, channel: "email" })).map((n) => [n.template, n.status])
      }

      /** Medusa's order summary agrees with the chain, paid and refunded. */
      const expectMedusaAgrees = async (paymentId: string) => {
        const chain = await chainOf(paymentId)
        const { data } = await store.container.resolve(ContainerRegistrationKeys.QUERY).graph({ entity: "order", fields: ["summary.*"], filters: { id: chain.order_id } })
        const summary = (data[0] as any).summary
        expect({ paid: chain.totals.paid, refunded: chain.totals.refunded }).toEqual({
          paid: toMinor(summary.paid_total, "EUR"),
          refunded: toMinor(summary.refunded_total, "EUR"),
        })
        return chain
      }

      /** The customer's browser on the link's page: the hosted form, the card typed there, Pay. */
      const payLink = async (token: string, card: string) => {
        const form = await shop("post", `/store/omnichannel/payment-links/${token}/pay`, {})
        expect(form.status).toBe(200)
        expect(form.data).toEqual(expect.objectContaining({ status: "card_required", hosted_card: expect.objectContaining({ id: expect.any(String) }) }))
        const hostedId = await tokenizeInHostedForm(http, form.data.hosted_card, card, platform)
        return await shop("post", `/store/omnichannel/payment-links/${token}/pay`, { hosted_tokenization_id: hostedId, return_url: returnUrl(token) })
      }

      /** Where the issuer sends the customer back: the link's own page (the store refuses any other site). */
      const returnUrl = (token: string) => `http://localhost:9000/shop/pay/${token}?returned=1`
      const payLinkOps = async (paymentId: string) => (await chainOf(paymentId)).operations.filter((o: any) => o.channel === "pay_by_link")

      const orderWithBalance = async (deposit = 2000) => {
        const sale = await pos.sales(depositSale(deposit))
        expect(sale.status).toBe(201)
        return sale.data as { order_id: string; payment_id: string }
      }

      beforeEach(async () => {
        ;({ pos } = await newTill(http, store.headers, { name: "Till", stock_location_id: store.seed.stock_location_ids.store_paris }))
        storefront = { "x-publishable-api-key": store.seed.publishable_key }
      })

      describe("paying a link", () => {
        it("seed 003: a cash deposit at the till, a link for the balance paid online with 3-D Secure, a return at the till refunded to that card", async () => {
          const sale = await orderWithBalance(2000)
          expect(await outstanding(sale.order_id)).toBe(7990)

          const created = await admin("post", `/admin/omnichannel/orders/${sale.order_id}/payment-links`, { note: "Your sneakers have arrived" })
          expect(created.status).toBe(201)
          const link = created.data.payment_link
          expect(link).toEqual(
            expect.objectContaining({
              id: expect.stringMatching(/^plink_/),
              amount: 7990,
              currency_code: "EUR",
              status: "open",
              payment_id: sale.payment_id,
              order_id: sale.order_id,
              customer_email: "ada@example.com",
              url: expect.stringMatching(/^http:\/\/localhost:9000\/shop\/pay\/[A-Za-z0-9_-]{43}$/),
            })
          )
          const token = tokenOf(link.url)

          const page = await shop("get", `/store/omnichannel/payment-links/${token}`)
          expect(page.status).toBe(200)
          expect(page.headers["cache-control"]).toBe("no-store")
          expect(page.headers["referrer-policy"]).toBe("no-referrer")
          expect(page.data.payment_link).toEqual(
            expect.objectContaining({
              status: "open",
              amount: 7990,
              merchant_note: "Your sneakers have arrived",
              order: expect.objectContaining({ total: 9990, paid: 2000, outstanding: 7990, items: expect.arrayContaining([expect.objectContaining({ quantity: 1, total: 7990 })]) }),
            })
          )
          expect(JSON.stringify(page.data)).not.toContain("ada@example.com")

          const paid = await payLink(token, TEST_CARDS.challenge)
          expect([paid.status, paid.data.message]).toEqual([200, undefined])
          expect(paid.data).toEqual(expect.objectContaining({ status: "requires_action", redirect_url: expect.any(String) }))
          // Back before answering the challenge: still waiting, nothing recorded on the order.
          const early = await shop("post", `/store/omnichannel/payment-links/${token}/complete`, {})
          expect(early.data.status).toBe("requires_action")
          expect(await outstanding(sale.order_id)).toBe(7990)

          await authenticate(paid.data.redirect_url)
          const done = await shop("post", `/store/omnichannel/payment-links/${token}/complete`, {})
          expect(done.status).toBe(200)
          expect(done.data).toEqual(expect.objectContaining({ status: "paid", payment_link: expect.objectContaining({ status: "paid" }) }))
          expect(done.data.payment_link.order.outstanding).toBe(0)
          expect(await outstanding(sale.order_id)).toBe(0)

          const chain = await expectMedusaAgrees(sale.payment_id)
          expect(chain.operations.map((o: any) => [o.type, o.channel, o.method, o.amount, o.status])).toEqual([
            ["payment", "in_store", "cash", 2000, "succeeded"],
            ["payment", "pay_by_link", "card", 7990, "succeeded"],
          ])
          // The card typed in the link's form is now the chain's card.
          expect(chain.crm_token).toMatch(/^\d{12,19}$/)

          // Paid: the page says so and cannot be paid again.
          expect((await shop("get", `/store/omnichannel/payment-links/${token}`)).data.payment_link.status).toBe("paid")
          const again = await shop("post", `/store/omnichannel/payment-links/${token}/pay`, {})
          expect([again.status, again.data.code, again.data.message]).toEqual([409, "PAYMENT_LINK_NOT_PAYABLE", "this payment link has already been paid"])
          const cancelPaid = await admin("post", `/admin/omnichannel/payment-links/${link.id}/cancel`)
          expect([cancelPaid.status, cancelPaid.data.code]).toEqual([409, "PAYMENT_LINK_NOT_PAYABLE"])

          // The customer returns the sneakers in store: refunded to the card paid online.
          const refund = await pos.refunds({ payment_id: sale.payment_id, amount: 7990, currency_code: "EUR", reference: "R-SNEAKERS" })
          expect(refund.status).toBe(201)
          expect(refund.data.operation).toEqual(expect.objectContaining({ type: "refund", method: "card", channel: "in_store", amount: 7990, status: "succeeded" }))
          const after = await expectMedusaAgrees(sale.payment_id)
          expect(after.totals).toEqual(expect.objectContaining({ paid: 9990, refunded: 7990 }))
          expect(after.totals.by_method).toEqual({ cash: { paid: 2000, refunded: 0 }, card: { paid: 7990, refunded: 7990 } })

          const listed = await admin("get", `/admin/omnichannel/orders/${sale.order_id}/payment-links`)
          expect(listed.data.payment_links.map((l: any) => [l.id, l.status])).toEqual([[link.id, "paid"]])

          // The customer was told at every step, in every channel: receipt, request, payment, refund.
          expect(await emailsTo("ada@example.com", 4)).toEqual([
            ["omnichannel-till-receipt", "success"],
            ["omnichannel-payment-request", "success"],
            ["omnichannel-payment-received", "success"],
            ["omnichannel-refund-confirmation", "success"],
          ])
          await expectAllBooksAgree(store.container)
        })

        it("two tabs paying one link at once: one payment; a tab still in 3-D Secure loses to the one that paid", async () => {
          const sale = await orderWithBalance(2000)
          const { data } = await admin("post", `/admin/omnichannel/orders/${sale.order_id}/payment-links`, {})
          const token = tokenOf(data.payment_link.url)

          const forms = await Promise.all([0, 1].map(() => shop("post", `/store/omnichannel/payment-links/${token}/pay`, {})))
          const ids = await Promise.all(forms.map((f) => tokenizeInHostedForm(http, f.data.hosted_card, TEST_CARDS.approved, platform)))
          const answers = await Promise.all(
            ids.map((id) => shop("post", `/store/omnichannel/payment-links/${token}/pay`, { hosted_tokenization_id: id, return_url: returnUrl(token) }))
          )
          const statuses = answers.map((a) => a.status).sort()
          expect(statuses).toEqual([200, 409])
          expect(answers.find((a) => a.status === 409)!.data.code).toMatch(/^(PAYMENT_LINK_NOT_PAYABLE|PAYMENT_LINK_BUSY|REFUND_ORDER_LOCKED)$/)
          let chain = await expectMedusaAgrees(sale.payment_id)
          expect(chain.operations.filter((o: any) => o.channel === "pay_by_link").map((o: any) => o.status)).toEqual(["succeeded"])

          // Another order: tab 1 is in a challenge when tab 2 pays; tab 1's payment is cancelled.
          const second = await orderWithBalance(2000)
          const link2 = (await admin("post", `/admin/omnichannel/orders/${second.order_id}/payment-links`, {})).data.payment_link
          const token2 = tokenOf(link2.url)
          const tab1 = await payLink(token2, TEST_CARDS.challenge)
          expect(tab1.data.status).toBe("requires_action")
          const tab2 = await payLink(token2, TEST_CARDS.approved)
          expect(tab2.data.status).toBe("paid")
          await authenticate(tab1.data.redirect_url).catch(() => undefined)
          const back = await shop("post", `/store/omnichannel/payment-links/${token2}/complete`, {})
          expect(back.data.status).toBe("paid")
          chain = await expectMedusaAgrees(second.payment_id)
          expect(chain.operations.filter((o: any) => o.channel === "pay_by_link").map((o: any) => [o.amount, o.status])).toEqual([
            [7990, "failed"],
            [7990, "succeeded"],
          ])
          expect(chain.totals.paid).toBe(9990)
          await expectAllBooksAgree(store.container)
        })

      })

      describe("refusals and link states", () => {
        it("refused: amounts above what is owed, another currency, bad bodies, card numbers, unknown orders and tokens; nothing written", async () => {
          const sale = await orderWithBalance(2000)
          const before = await linkCount()
          const cases: [string, unknown, number, string, string][] = [
            [`/admin/omnichannel/orders/${sale.order_id}/payment-links`, { amount: 8000 }, 422, "AMOUNT_EXCEEDS_OUTSTANDING", "amount"],
            [`/admin/omnichannel/orders/${sale.order_id}/payment-links`, { amount: 100, currency_code: "USD" }, 422, "CURRENCY_MISMATCH", "currency_code"],
            [`/admin/omnichannel/orders/${sale.order_id}/payment-links`, { amount: "12.50" }, 400, "INVALID_DATA", "amount"],
            [`/admin/omnichannel/orders/${sale.order_id}/payment-links`, { amount: 0 }, 400, "INVALID_DATA", "amount"],
            [`/admin/omnichannel/orders/${sale.order_id}/payment-links`, { expires_in_hours: 10_000 }, 400, "INVALID_DATA", "expires_in_hours"],
            [`/admin/omnichannel/orders/${sale.order_id}/payment-links`, { customer_email: "not-an-email" }, 400, "INVALID_DATA", "customer_email"],
            [`/admin/omnichannel/orders/${sale.order_id}/payment-links`, { url: "http://evil.example" }, 400, "INVALID_DATA", "body"],
            [`/admin/omnichannel/orders/order_nope/payment-links`, {}, 404, "NOT_FOUND", "order_id"],
            [`/admin/omnichannel/chains/411111111111111111/payment-links`, {}, 400, "INVALID_PAYMENT_ID", "payment_id"],
            [`/admin/omnichannel/chains/4111111111111111110/payment-links`, {}, 404, "CHAIN_NOT_FOUND", "payment_id"],
          ]
          for (const [url, body, status, code, field] of cases) {
            const res = await admin("post", url, body)
            expect([url, res.status, res.data.code, res.data.message.split(":")[0]]).toEqual([url, status, code, field])
          }
          // Paid in full at the till: nothing left to ask for.
          const paidUp = await pos.sales(depositSale(9990))
          const none = await admin("post", `/admin/omnichannel/orders/${paidUp.data.order_id}/payment-links`, {})
          expect([none.status, none.data.code]).toEqual([422, "NOTHING_OUTSTANDING"])
          expect(await linkCount()).toBe(before)

          const { data } = await admin("post", `/admin/omnichannel/orders/${sale.order_id}/payment-links`, { amount: 1000 })
          const token = tokenOf(data.payment_link.url)
          expect((await shop("get", `/store/omnichannel/payment-links/not-a-token`)).data.code).toBe("PAYMENT_LINK_NOT_FOUND")
          const storeCases: [unknown, number, string, string][] = [
            [{ hosted_tokenization_id: "x", return_url: "javascript:alert(1)" }, 400, "INVALID_DATA", "return_url"],
            [{ hosted_tokenization_id: "x", return_url: "https://evil.example/phish" }, 400, "INVALID_DATA", "return_url"],
            [{ hosted_tokenization_id: "x" }, 400, "INVALID_DATA", "return_url"],
            [{ card: { number: TEST_CARDS.approved } }, 400, "CARD_DATA_NOT_ACCEPTED", "card.number"],
            [{ note: `pay with ${TEST_CARDS.approved} please` }, 400, "CARD_DATA_NOT_ACCEPTED", "note"],
            [{ hosted_tokenization_id: "hosted-nothing", return_url: returnUrl(token) }, 400, "INVALID_DATA", ""],
          ]
          const opsBefore = (await chainOf(sale.payment_id)).operations.length
          for (const [body, status, code, field] of storeCases) {
            const res = await shop("post", `/store/omnichannel/payment-links/${token}/pay`, body)
            expect([JSON.stringify(body), res.status, res.data.code]).toEqual([JSON.stringify(body), status, code])
            if (field) expect(res.data.message).toContain(field)
          }
          expect((await chainOf(sale.payment_id)).operations).toHaveLength(opsBefore)
          // A declined card: the link stays open and another card pays it.
          const declined = await payLink(token, TEST_CARDS.declined)
          expect([declined.status, declined.data.code]).toEqual([402, "PAYMENT_DECLINED"])
          expect((await payLink(token, TEST_CARDS.approved)).data.status).toBe("paid")
          expect(await outstanding(sale.order_id)).toBe(6990)
          await expectMedusaAgrees(sale.payment_id)
          await expectAllBooksAgree(store.container)
        })

        it("canceled and expired links show their status and cannot be paid; a link paid at the till meanwhile is not payable", async () => {
          const sale = await orderWithBalance(2000)
          const canceled = (await admin("post", `/admin/omnichannel/chains/${sale.payment_id}/payment-links`, { amount: 1000 })).data.payment_link
          const cancel = await admin("post", `/admin/omnichannel/payment-links/${canceled.id}/cancel`)
          expect([cancel.status, cancel.data.payment_link.status]).toEqual([200, "canceled"])
          const refused = await shop("post", `/store/omnichannel/payment-links/${tokenOf(canceled.url)}/pay`, {})
          expect([refused.status, refused.data.code, refused.data.message]).toEqual([409, "PAYMENT_LINK_NOT_PAYABLE", "this payment link was canceled"])

          const expiring = (await admin("post", `/admin/omnichannel/orders/${sale.order_id}/payment-links`, { amount: 1000, expires_in_hours: 0.0003 })).data.payment_link
          await new Promise((r) => setTimeout(r, 1500))
          expect((await shop("get", `/store/omnichannel/payment-links/${tokenOf(expiring.url)}`)).data.payment_link.status).toBe("expired")
          const late = await shop("post", `/store/omnichannel/payment-links/${tokenOf(expiring.url)}/pay`, {})
          expect([late.status, late.data.message]).toEqual([409, "this payment link has expired"])

          // The whole balance asked by link, then paid at the till: the link no longer matches what is owed.
          const balance = (await admin("post", `/admin/omnichannel/orders/${sale.order_id}/payment-links`, {})).data.payment_link
          const till = await pos.sales({ ...depositSale(500), items: [], payment_id: sale.payment_id } as PosSale)
          expect(till.status).toBe(201)
          const stale = await payLink(tokenOf(balance.url), TEST_CARDS.approved)
          expect([stale.status, stale.data.code]).toEqual([409, "PAYMENT_LINK_NOT_PAYABLE"])
          expect(stale.data.message).toMatch(/now owes 74\.90 EUR/)
          const listed = await admin("get", `/admin/omnichannel/orders/${sale.order_id}/payment-links`)
          expect(listed.data.outstanding).toEqual({ amount: 7490, currency_code: "EUR" })
          expect(listed.data.payment_links.map((l: any) => l.status)).toEqual(["open", "expired", "canceled"])
          await expectAllBooksAgree(store.container)
        })

      })

      describe("links asked for by a till", () => {
        it("a till asks for the balance by link: signed, idempotent, checked", async () => {
          const sale = await orderWithBalance(3000)
          const body = { order_id: sale.order_id, amount: 6990, currency_code: "EUR", customer_email: "ada@example.com" }
          const first = await pos.paymentLinks(body, "till-link-1")
          expect(first.status).toBe(201)
          expect(first.data.payment_link).toEqual(expect.objectContaining({ origin: "pos", amount: 6990, status: "open", customer_email: "ada@example.com" }))
          const replay = await pos.paymentLinks(body, "till-link-1")
          expect(replay.headers["idempotent-replayed"]).toBe("true")
          expect(replay.data.payment_link.id).toBe(first.data.payment_link.id)
          const reused = await pos.paymentLinks({ ...body, amount: 100 }, "till-link-1")
          expect([reused.status, reused.data.code]).toEqual([409, "IDEMPOTENCY_KEY_REUSED"])

          const bad: [unknown, string][] = [
            [{ ...body, customer_email: undefined }, "customer_email"],
            [{ ...body, payment_id: sale.payment_id }, "payment_id"],
            [{ amount: 100, currency_code: "EUR", customer_email: "ada@example.com" }, "payment_id"],
            [{ ...body, card: { number: TEST_CARDS.approved } }, "body"],
          ]
          for (const [b, field] of bad) {
            const res = await pos.paymentLinks(b as never)
            expect([res.status, res.data.code, res.data.message.split(":")[0]]).toEqual([400, "INVALID_DATA", field])
          }
          const forged = await (pos as any).http.post("/pos/payment-links", JSON.stringify(body), {
            headers: { "content-type": "application/json", "x-omni-terminal": "term_forged", "x-omni-timestamp": String(Math.floor(Date.now() / 1000)), "x-omni-signature": "00" },
          })
          expect(forged.status).toBe(401)
          expect((await admin("get", `/admin/omnichannel/orders/${sale.order_id}/payment-links`)).data.payment_links).toHaveLength(1)
          await expectAllBooksAgree(store.container)
        })

      })

      describe("cancels, expiry and customers who leave", () => {
        it("a cancel while the customer is in 3-D Secure cancels the payment; one that went through first is recorded and the link stays paid", async () => {
          const sale = await orderWithBalance(2000)
          const first = (await admin("post", `/admin/omnichannel/orders/${sale.order_id}/payment-links`, { amount: 1000 })).data.payment_link
          const waiting = await payLink(tokenOf(first.url), TEST_CARDS.challenge)
          expect(waiting.data.status).toBe("requires_action")
          const canceled = await admin("post", `/admin/omnichannel/payment-links/${first.id}/cancel`)
          expect([canceled.status, canceled.data.payment_link.status]).toEqual([200, "canceled"])
          expect((await payLinkOps(sale.payment_id)).map((o: any) => o.status)).toEqual(["failed"])
          await authenticate(waiting.data.redirect_url).catch(() => undefined)
          const back = await shop("post", `/store/omnichannel/payment-links/${tokenOf(first.url)}/complete`, {})
          expect(back.data.status).toBe("canceled")
          expect(await outstanding(sale.order_id)).toBe(7990)

          const second = (await admin("post", `/admin/omnichannel/orders/${sale.order_id}/payment-links`, { amount: 1000 })).data.payment_link
          const passed = await payLink(tokenOf(second.url), TEST_CARDS.challenge)
          await authenticate(passed.data.redirect_url)
          // The customer passed 3-D Secure but has not come back when the admin cancels.
          const late = await admin("post", `/admin/omnichannel/payment-links/${second.id}/cancel`)
          expect([late.status, late.data.code]).toEqual([409, "PAYMENT_LINK_NOT_PAYABLE"])
          const listed = await admin("get", `/admin/omnichannel/orders/${sale.order_id}/payment-links`)
          expect(listed.data.payment_links.map((l: any) => l.status)).toEqual(["paid", "canceled"])
          expect(await outstanding(sale.order_id)).toBe(6990)
          await expectMedusaAgrees(sale.payment_id)
          await expectAllBooksAgree(store.container)
        })

        it("a payment started before the link expired still counts; two links for one balance never both take it", async () => {
          const sale = await orderWithBalance(2000)
          const expiring = (await admin("post", `/admin/omnichannel/orders/${sale.order_id}/payment-links`, { amount: 1000, expires_in_hours: 0.0005 })).data.payment_link
          const started = await payLink(tokenOf(expiring.url), TEST_CARDS.challenge)
          expect(started.data.status).toBe("requires_action")
          await new Promise((r) => setTimeout(r, 2000))
          await authenticate(started.data.redirect_url)
          const done = await shop("post", `/store/omnichannel/payment-links/${tokenOf(expiring.url)}/complete`, {})
          expect([done.data.status, done.data.payment_link.status]).toEqual(["paid", "paid"])
          expect(await outstanding(sale.order_id)).toBe(6990)

          // Two links for the whole balance: the first waits for 3-D Secure while the second is paid.
          const a = (await admin("post", `/admin/omnichannel/orders/${sale.order_id}/payment-links`, {})).data.payment_link
          const b = (await admin("post", `/admin/omnichannel/orders/${sale.order_id}/payment-links`, {})).data.payment_link
          expect([a.amount, b.amount]).toEqual([6990, 6990])
          const aWaiting = await payLink(tokenOf(a.url), TEST_CARDS.challenge)
          expect(aWaiting.data.status).toBe("requires_action")
          const bPaid = await payLink(tokenOf(b.url), TEST_CARDS.approved)
          expect([bPaid.status, bPaid.data.code, bPaid.data.message]).toEqual([409, "PAYMENT_LINK_NOT_PAYABLE", "this payment link asks for 69.90 EUR but the order now owes 0.00 EUR"])
          await authenticate(aWaiting.data.redirect_url)
          expect((await shop("post", `/store/omnichannel/payment-links/${tokenOf(a.url)}/complete`, {})).data.status).toBe("paid")
          expect(await outstanding(sale.order_id)).toBe(0)
          const chain = await expectMedusaAgrees(sale.payment_id)
          expect(chain.totals.paid).toBe(9990)
          await expectAllBooksAgree(store.container)
        })

        if (acquirerName === "worldline-direct") {
          it("the platform's webhook settles a link's payment after the customer left: the settle job records it on the link and the order", async () => {
            const sale = await orderWithBalance(2000)
            const link = (await admin("post", `/admin/omnichannel/orders/${sale.order_id}/payment-links`, { amount: 3000 })).data.payment_link
            const left = await payLink(tokenOf(link.url), TEST_CARDS.challenge)
            expect(left.data.status).toBe("requires_action")
            const [op] = await payLinkOps(sale.payment_id)
            acquirer.server!.completeChallenge(op.acquirer_reference, true)
            const hook = acquirer.server!.signedWebhook({
              id: "evt-link-1",
              type: "payment.captured",
              payment: { id: op.acquirer_reference, status: "CAPTURED", paymentOutput: { amountOfMoney: { amount: 3000, currencyCode: "EUR" }, references: { merchantReference: op.id } } },
            })
            const delivered = await http.post("/hooks/omnichannel/worldline", hook.body, { headers: hook.headers, transformRequest: [(d) => d] }).catch((e) => e.response)
            expect(delivered.data).toMatchObject({ outcome: "settled_succeeded", operation_id: op.id })
            // Settled on the chain, not yet on the link and the order: the job finishes it.
            expect(await outstanding(sale.order_id)).toBe(7990)
            await settlePendingPayments(store.container)
            expect((await admin("get", `/admin/omnichannel/orders/${sale.order_id}/payment-links`)).data.payment_links[0].status).toBe("paid")
            expect(await outstanding(sale.order_id)).toBe(4990)
            await expectMedusaAgrees(sale.payment_id)
            await expectAllBooksAgree(store.container)
          })
        }

        it("a customer who leaves during 3-D Secure: the settle job records the payment when it went through, gives up on it when it never does", async () => {
          const sale = await orderWithBalance(2000)
          const link = (await admin("post", `/admin/omnichannel/orders/${sale.order_id}/payment-links`, { amount: 3000 })).data.payment_link
          const tab = await payLink(tokenOf(link.url), TEST_CARDS.challenge)
          await authenticate(tab.data.redirect_url)
          // The customer closed the tab: the job finds the payment through the link.
          const pending = await admin("get", "/admin/omnichannel/pending-payments")
          expect(pending.data.pending_payments).toEqual([expect.objectContaining({ channel: "pay_by_link", amount: 3000 })])
          await settlePendingPayments(store.container, { askAfterMs: 0 })
          expect((await admin("get", `/admin/omnichannel/orders/${sale.order_id}/payment-links`)).data.payment_links[0].status).toBe("paid")
          expect(await outstanding(sale.order_id)).toBe(4990)
          await expectMedusaAgrees(sale.payment_id)

          const never = (await admin("post", `/admin/omnichannel/orders/${sale.order_id}/payment-links`, { amount: 1000 })).data.payment_link
          const abandoned = await payLink(tokenOf(never.url), TEST_CARDS.challenge)
          expect(abandoned.data.status).toBe("requires_action")
          await settlePendingPayments(store.container, { askAfterMs: 0 })
          expect((await admin("get", "/admin/omnichannel/pending-payments")).data.pending_payments).toHaveLength(1)
          await settlePendingPayments(store.container, { askAfterMs: 0, abandonAfterMs: 0 })
          expect((await admin("get", "/admin/omnichannel/pending-payments")).data.pending_payments).toHaveLength(0)
          const view = await shop("post", `/store/omnichannel/payment-links/${tokenOf(never.url)}/complete`, {})
          expect(view.data).toEqual(expect.objectContaining({ status: "failed", error: expect.objectContaining({ message: expect.stringMatching(/never finished 3-D Secure/) }) }))
          // Still open: the customer can pay it another way.
          expect(view.data.payment_link.status).toBe("open")
          expect((await payLink(tokenOf(never.url), TEST_CARDS.approved)).data.status).toBe("paid")
          expect(await outstanding(sale.order_id)).toBe(3990)
          await expectMedusaAgrees(sale.payment_id)
          await expectAllBooksAgree(store.container)
        })
      })
    },
  })
}
