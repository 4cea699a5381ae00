import { storeTestRunner } from "../helpers/store-runner"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import type { IOmnichannelModuleService } from "../../plugin/src/modules/omnichannel/service"
import { isLuhnValid } from "../../plugin/src/cards/luhn"
import { toMinor } from "../../plugin/src/money"
import { TestEventUtils } from "@medusajs/test-utils"
import { settlePendingPayments } from "../../plugin/src/jobs/settle-pending-payments"
import { seededStore } from "../helpers/admin"
import { expectBooksAgree } from "../helpers/books"
import { newTill } from "../helpers/till-sale"
import { useTestAcquirer, type TestAcquirerName } from "../helpers/test-acquirer"
import { checkout, placeOrder as placeOrderAndLink, registerCustomer, TEST_CARDS, type CheckoutOptions } from "../helpers/checkout"

jest.setTimeout(180 * 1000)

/** The suite, run once per acquirer (see integration-tests/http/online-checkout*.spec.ts). */
export function onlineCheckoutSuite(acquirerName: TestAcquirerName) {
  const acquirer = useTestAcquirer(acquirerName)

  storeTestRunner({
    testSuite: ({ api, getContainer, dbConnection }) => {
      let ledger: IOmnichannelModuleService
      const store = seededStore(api, getContainer)

      beforeEach(async () => {
        ledger = store.container.resolve<IOmnichannelModuleService>("omnichannel")
      })

      // The platform behind the hosted form: the sandbox's own page, or the local Worldline server.
      const platform = acquirer.platform
      const placeOrder = (opts: CheckoutOptions) => placeOrderAndLink(api, store.container, store.seed, { platform, ...opts })
      const pay = (opts: CheckoutOptions) => checkout(api, store.seed, { platform, ...opts })

      const orderWithChain = async (orderId: string) => {
        const query = store.container.resolve(ContainerRegistrationKeys.QUERY)
        const { data } = await query.graph({
          entity: "order",
          fields: ["id", "customer_id", "summary.*", "payment_collections.payments.*", "omnichannel_chains.*"],
          filters: { id: orderId },
        })
        return data[0] as any
      }

      /** Every text cell of every table in the database, to look for what must not be there. */
      const dumpDatabase = async () => {
        const { rows: tables } = await dbConnection.raw(
          "select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'"
        )
        let dump = ""
        for (const { table_name } of tables) {
          const { rows } = await dbConnection.raw(`select t::text as row from "${table_name}" t`)
          dump += rows.map((r: { row: string }) => r.row).join("\n")
        }
        return dump
      }

      describe("placing an order with a card", () => {
        it("an approved card places the order, opens the chain, links it and makes the tokens", async () => {
          const { order, session } = await placeOrder({ card: TEST_CARDS.approved, store_credentials: true })
          expect(session.status).toBe(200)
          expect(order).toBeTruthy()

          const full = await orderWithChain(order.id)
          expect(full.omnichannel_chains).toHaveLength(1)
          const chain = await ledger.viewChain(full.omnichannel_chains[0].id)
          expect(chain.payment_id).toMatch(/^[1-9]\d{18}$/)
          // seed 003: with Worldline the chain is known by the platform's own payment id; the sandbox makes its own.
          if (acquirer.name === "worldline-direct") expect(chain.payment_id).toBe(chain.operations[0].acquirer_reference)
          else expect(chain.operations[0].acquirer_reference).toMatch(/^SBX-/)
          expect(chain.currency_code).toBe("EUR")
          expect(chain.cof_consent).toBe(true)
          expect(chain.crm_token).toMatch(/^424242\d{6}4242$/)
          expect(isLuhnValid(chain.crm_token!)).toBe(false)
          expect(chain.operations).toHaveLength(1)
          expect(chain.operations[0]).toMatchObject({
            type: "authorization",
            channel: "online",
            status: "succeeded",
            authorization_mode: "FINAL_AUTHORIZATION",
            cof_requestor: "cardholderInitiated",
            cof_sequence: "first",
            amount: toMinor(full.payment_collections[0].payments[0].amount, "EUR"),
          })

          const payment = full.payment_collections[0].payments[0]
          expect(payment.provider_id).toBe("pp_omnichannel_card")
          expect(payment.data).toMatchObject({
            payment_id: chain.payment_id,
            status: "authorized",
            card: { brand: "visa", bin: "424242", last4: "4242" },
            externalTokenLinked: { generatedToken: chain.crm_token },
          })
          expect(payment.data.externalTokenLinked.computedToken).toBeUndefined()
          expect(chain.operations[0].medusa_payment_id).toBe(payment.id)

          // The customer agreed to keep the card: it is theirs now, as a CRM token.
          const query = store.container.resolve(ContainerRegistrationKeys.QUERY)
          const { data: customers } = await query.graph({
            entity: "customer",
            fields: ["omnichannel_card_tokens.token"],
            filters: { id: full.customer_id },
          })
          expect((customers[0] as any).omnichannel_card_tokens.map((t: { token: string }) => t.token)).toEqual([chain.crm_token])

          // Nowhere in the database: not the card number, not the CVC field.
          const dump = await dumpDatabase()
          expect(dump).not.toContain(TEST_CARDS.approved)
          expect(dump).not.toMatch(/"cvc"/)
          await expectBooksAgree(store.container, order.id)
        })

        it("without consent the chain has no credentials on file and the card is not kept", async () => {
          const { order } = await placeOrder({ card: "5555555555554444", store_credentials: false })
          const full = await orderWithChain(order.id)
          const chain = await ledger.viewChain(full.omnichannel_chains[0].id)
          expect(chain.cof_consent).toBe(false)
          expect(chain.operations[0]).toMatchObject({ cof_requestor: null, cof_sequence: null })
          expect(chain.crm_token).toMatch(/^555555\d{6}4444$/)
          await expectBooksAgree(store.container, order.id)
        })

        it.each([
          ["declined", TEST_CARDS.declined, /declined by the issuer/],
          ["insufficient funds", TEST_CARDS.insufficientFunds, /insufficient funds/],
        ])("a %s card ends in a clear error and no order", async (_name, card, message) => {
          const { session, completed, order } = await pay({ card })
          // The contract's answer to a declined card, not Medusa's 422 for authorization errors.
          expect(session.status).toBe(402)
          expect(session.data.code).toBe("PAYMENT_DECLINED")
          expect(session.data.message).toMatch(message)
          expect(order).toBeNull()
          // The session that shows the card form is still there: completing asks for a card.
          expect(completed.status).toBe(200)
          expect(completed.data).toMatchObject({ type: "cart", error: { type: "payment_authorization_error" } })
          expect(completed.data.error.message).toMatch(/card form/)
          const orders = await store.container.resolve(Modules.ORDER).listOrders({})
          expect(orders).toHaveLength(0)
          // The attempt is on record, as a failed operation that moved nothing.
          const failed = await ledger.listOmnichannelOperations({ status: "failed" })
          expect(failed).toHaveLength(1)
          expect(failed[0].error_code).toBe("PAYMENT_DECLINED")
        })

        it("an acquirer error is retried with the same idempotency key and charges once", async () => {
          const before = acquirer.charges().length
          const { order } = await placeOrder({ card: TEST_CARDS.acquirerError })
          expect(order).toBeTruthy()
          const charges = acquirer.charges().slice(before)
          expect(charges).toHaveLength(1)
          const full = await orderWithChain(order.id)
          const chain = await ledger.viewChain(full.omnichannel_chains[0].id)
          expect(chain.operations).toHaveLength(1)
          expect(chain.operations[0].idempotency_key).toBe(charges[0].idempotency_key)
          expect(chain.operations[0].acquirer_reference).toBe(charges[0].reference)
          await expectBooksAgree(store.container, order.id)
        })

      })

      describe("capture and refunds from Medusa's admin", () => {
        it("capture and refunds from Medusa's admin land on the chain, with equal totals", async () => {
          const { order } = await placeOrder({ card: TEST_CARDS.approved })
          let full = await orderWithChain(order.id)
          const payment = full.payment_collections[0].payments[0]
          const chainId = full.omnichannel_chains[0].id

          const captured = await api.post(`/admin/payments/${payment.id}/capture`, {}, { headers: store.headers })
          expect(captured.status).toBe(200)
          let chain = await ledger.viewChain(chainId)
          expect(chain.operations.map((o) => [o.type, o.status])).toEqual([
            ["authorization", "succeeded"],
            ["capture", "succeeded"],
          ])
          full = await orderWithChain(order.id)
          expect(chain.totals.paid).toBe(toMinor(full.summary.paid_total, "EUR"))

          // Two partial refunds from Medusa's own refund action.
          for (const amount of [5, 2.5]) {
            const refunded = await api.post(`/admin/payments/${payment.id}/refund`, { amount }, { headers: store.headers }).catch((e) => e.response)
            expect(refunded.status).toBe(200)
          }
          chain = await ledger.viewChain(chainId)
          full = await orderWithChain(order.id)
          expect(chain.totals.refunded).toBe(750)
          expect(chain.totals.refunded).toBe(toMinor(full.summary.refunded_total, "EUR"))
          expect(chain.totals.paid).toBe(toMinor(full.summary.paid_total, "EUR"))
          expect(chain.operations.filter((o) => o.type === "refund").map((o) => o.amount)).toEqual([500, 250])
          await expectBooksAgree(store.container, order.id)
        })

      })

      describe("what a storefront may send", () => {
        it("a card number in payment session data is refused (400 CARD_DATA_NOT_ACCEPTED) and nothing is stored", async () => {
          const pk = { "x-publishable-api-key": store.seed.publishable_key }
          const { data: cart } = await api.post("/store/carts", { region_id: store.seed.region_ids.eur }, { headers: pk })
          const { data: pc } = await api.post("/store/payment-collections", { cart_id: cart.cart.id }, { headers: pk })
          const url = `/store/payment-collections/${pc.payment_collection.id}/payment-sessions`
          const attempts = [
            { card: { number: TEST_CARDS.approved, exp_month: 12, exp_year: 2030, cvc: "737" } },
            { note: "4242 4242 4242 4242" },
            { card: { cvc: "737" } },
            { note: `call me about card ${TEST_CARDS.challenge}, thanks` },
          ]
          for (const data of attempts) {
            const refused = await api.post(url, { provider_id: "pp_omnichannel_card", data }, { headers: pk }).catch((e) => e.response)
            expect(refused.status).toBe(400)
            expect(refused.data.code).toBe("CARD_DATA_NOT_ACCEPTED")
            expect(refused.data.message).toMatch(/^data\.(card\.number|note|card\.cvc): card numbers are not accepted/)
            expect(JSON.stringify(refused.data)).not.toContain("4242")
          }
          const { data: after } = await api.get(`/store/carts/${cart.cart.id}?fields=*payment_collection.payment_sessions`, { headers: pk })
          expect(after.cart.payment_collection.payment_sessions).toEqual([])
          const dump = await dumpDatabase()
          expect(dump).not.toContain(TEST_CARDS.approved)
          expect(dump).not.toContain("4242 4242 4242 4242")
        })

        it("session data a storefront must not send is refused, naming the field, and nothing is paid", async () => {
          const pk = { "x-publishable-api-key": store.seed.publishable_key }
          const paid = await placeOrder({ card: TEST_CARDS.approved })
          const [op] = await ledger.listOmnichannelOperations({ type: "authorization" })
          const { data: cart } = await api.post("/store/carts", { region_id: store.seed.region_ids.eur }, { headers: pk })
          const { data: pc } = await api.post("/store/payment-collections", { cart_id: cart.cart.id }, { headers: pk })
          const url = `/store/payment-collections/${pc.payment_collection.id}/payment-sessions`
          const cases: [Record<string, unknown>, number, RegExp][] = [
            // An earlier payment's operation must not pay for a new cart.
            [{ recorded_operation_id: op.id }, 400, /^data\.recorded_operation_id: /],
            [{ hosted_tokenization_id: "not-a-form-token" }, 400, /^hosted_tokenization_id: /],
            [{ hosted_tokenization_id: "x", return_url: "javascript:alert(1)//" }, 400, /^data\.return_url: /],
            [{ saved_card: "4242-4242" }, 400, /^data\.saved_card: /],
          ]
          for (const [data, status, message] of cases) {
            const res = await api.post(url, { provider_id: "pp_omnichannel_card", data }, { headers: pk }).catch((e) => e.response)
            expect([res.status, res.data.message]).toEqual([status, expect.stringMatching(message)])
          }
          expect(paid.order).toBeTruthy()
          expect(await ledger.listOmnichannelChains({})).toHaveLength(1)
          await expectBooksAgree(store.container, paid.order.id)
        })

      })

      describe("3-D Secure", () => {
        it("a session replaced while its 3-D Secure challenge waits: the payment is cancelled at the acquirer and the challenge can no longer pass", async () => {
          const waiting = await pay({ card: TEST_CARDS.challenge, challenge: "abandon" })
          const session = waiting.session.data.payment_collection.payment_sessions[0]
          const pk = { "x-publishable-api-key": store.seed.publishable_key }
          // The shopper goes back and picks another way to pay: Medusa deletes the waiting session.
          await api.post(`/store/payment-collections/${waiting.session.data.payment_collection.id}/payment-sessions`, { provider_id: "pp_omnichannel_card", data: {} }, { headers: pk })
          const [op] = await ledger.listOmnichannelOperations({ id: session.data.operation_id })
          expect(op).toMatchObject({ status: "failed", error_message: expect.stringMatching(/replaced or removed before 3-D Secure finished/) })
          expect(acquirer.charges().filter((c) => c.kind === "cancel").length).toBeGreaterThanOrEqual(1)
          expect(await settlePendingPayments(store.container, { askAfterMs: 0 })).toEqual([])
        })

        it("a 3-D Secure challenge the customer passes: the session asks for more, the order is placed after the return", async () => {
          const before = acquirer.charges().length
          const { order, challenged, session } = await placeOrder({ card: TEST_CARDS.challenge, challenge: "authenticate", store_credentials: true })
          expect(challenged).toBeTruthy()
          expect(session.data.payment_collection.payment_sessions[0]).toMatchObject({ status: "requires_more", data: { status: "requires_action" } })
          expect(order).toBeTruthy()
          const full = await orderWithChain(order.id)
          const chain = await ledger.viewChain(full.omnichannel_chains[0].id)
          expect(chain.operations).toHaveLength(1)
          expect(chain.operations[0]).toMatchObject({ type: "authorization", status: "succeeded", cof_sequence: "first" })
          expect(full.payment_collections[0].payments[0].data).toMatchObject({ status: "authorized", payment_id: chain.payment_id, redirect_url: null })
          expect(acquirer.charges().slice(before)).toHaveLength(1)
          await expectBooksAgree(store.container, order.id)
        })

        it("completing before the challenge is answered says so (no order); after it, the same cart completes once", async () => {
          const { cart_id, challenged } = await pay({ card: TEST_CARDS.challenge, challenge: "abandon" })
          expect(challenged).toBeTruthy()
          const pk = { "x-publishable-api-key": store.seed.publishable_key }
          const early = await api.post(`/store/carts/${cart_id}/complete`, {}, { headers: pk })
          expect(early.data).toMatchObject({ type: "cart", error: { type: "payment_requires_more_error" } })
          expect(early.data.error.message).toMatch(/3-D Secure/)
          expect(await store.container.resolve(Modules.ORDER).listOrders({})).toHaveLength(0)

          if (platform) await platform.answerChallenge(challenged!, true)
          else await api.post(challenged!, { authenticated: true })
          const done = await api.post(`/store/carts/${cart_id}/complete`, {}, { headers: pk })
          expect(done.data.type).toBe("order")
          const again = await api.post(`/store/carts/${cart_id}/complete`, {}, { headers: pk })
          expect(again.data.order?.id).toBe(done.data.order.id)
          await expectBooksAgree(store.container, done.data.order.id)
        })

        it("a failed 3-D Secure challenge: no order, the storefront gets the words, the attempt is a failed operation", async () => {
          const before = acquirer.charges().length
          const { order, completed, challenged } = await pay({ card: TEST_CARDS.challengeFails, challenge: "authenticate" })
          expect(challenged).toBeTruthy()
          expect(order).toBeNull()
          expect(completed.status).toBe(200)
          expect(completed.data).toMatchObject({ type: "cart", error: { type: "payment_authorization_error" } })
          expect(completed.data.error.message).toMatch(/authentication failed/i)
          expect(await store.container.resolve(Modules.ORDER).listOrders({})).toHaveLength(0)
          const failed = await ledger.listOmnichannelOperations({ status: "failed" })
          expect(failed).toHaveLength(1)
          expect(failed[0].error_code).toBe("PAYMENT_DECLINED")
          expect(acquirer.charges().slice(before).filter((c) => c.kind === "authorize")).toHaveLength(0)
        })

      })

      describe("cards kept on file", () => {
        it("a returning customer pays with the card they kept: no card entry, customer-initiated COF, same CRM token", async () => {
          const customer = await registerCustomer(api, store.seed)
          const first = await placeOrder({ card: TEST_CARDS.approved, store_credentials: true, customer })
          expect(first.order).toBeTruthy()
          const { data: listed } = await api.get("/store/omnichannel/saved-cards", { headers: customer.headers })
          expect(listed.saved_cards).toEqual([{ crm_token: expect.stringMatching(/^424242\d{6}4242$/), brand: "visa", bin: "424242", last4: "4242" }])
          const crm = listed.saved_cards[0].crm_token

          const second = await placeOrder({ card: "", saved_card: crm, customer })
          expect(second.order).toBeTruthy()
          const full = await orderWithChain(second.order.id)
          const chain = await ledger.viewChain(full.omnichannel_chains[0].id)
          expect(chain.crm_token).toBe(crm)
          expect(chain.operations[0]).toMatchObject({ status: "succeeded", cof_requestor: "cardholderInitiated", cof_sequence: "subsequent" })

          // Someone else's card, or no login: refused, naming the field.
          const stranger = await registerCustomer(api, store.seed)
          const theirs = await pay({ card: "", saved_card: crm, customer: stranger })
          expect(theirs.session.status).toBe(400)
          expect(theirs.session.data.message).toMatch(/^saved_card: /)
          const anonymous = await api.get("/store/omnichannel/saved-cards", { headers: { "x-publishable-api-key": store.seed.publishable_key } }).catch((e) => e.response)
          expect(anonymous.status).toBe(401)
          await expectBooksAgree(store.container, first.order.id)
          await expectBooksAgree(store.container, second.order.id)
        })

      })

      describe("the settle job", () => {
        it("pending payments are settled by the job: a challenge passed after the customer left becomes an order; one never answered is cancelled", async () => {
          const left = await pay({ card: TEST_CARDS.challenge, challenge: "abandon" })
          const never = await pay({ card: TEST_CARDS.challenge, challenge: "abandon" })
          // The customer authenticates but never comes back to the store.
          if (platform) await platform.answerChallenge(left.challenged!, true)
          else await api.post(left.challenged!, { authenticated: true })

          // The admin sees both waiting, by payment id.
          const { data: waiting } = await api.get("/admin/omnichannel/pending-payments", { headers: store.headers })
          expect(waiting.pending_payments).toHaveLength(2)
          expect(waiting.pending_payments[0]).toMatchObject({ payment_id: expect.stringMatching(/^\d{19}$/), waiting_for: "customer_authentication" })

          const placed = TestEventUtils.waitSubscribersExecution("order.placed", store.container.resolve(Modules.EVENT_BUS))
          const results = await settlePendingPayments(store.container, { askAfterMs: 0, abandonAfterMs: 60 * 60_000 })
          expect(results).toHaveLength(2)
          expect(results.filter((r) => r.status === "succeeded" && r.completed)).toHaveLength(1)
          expect(results.filter((r) => r.status === "pending")).toHaveLength(1)
          await placed
          const orders = await store.container.resolve(Modules.ORDER).listOrders({})
          expect(orders).toHaveLength(1)
          const full = await orderWithChain(orders[0].id)
          expect(full.omnichannel_chains).toHaveLength(1)

          // An hour later the other one is given up: cancelled at the acquirer, failed on the chain.
          const later = await settlePendingPayments(store.container, { askAfterMs: 0, abandonAfterMs: 0 })
          expect(later).toEqual([expect.objectContaining({ status: "failed", completed: false })])
          const failed = await ledger.listOmnichannelOperations({ status: "failed" })
          expect(failed[0].error_message).toMatch(/never finished 3-D Secure/)
          expect(acquirer.charges().some((c) => c.kind === "cancel")).toBe(true)
          expect(never.cart_id).not.toBe(left.cart_id)
          // Nothing pending is left for the next run.
          expect(await settlePendingPayments(store.container, { askAfterMs: 0 })).toEqual([])
          await expectBooksAgree(store.container, orders[0].id)
        })

      })

      describe("till sales that open a purchase", () => {
        it("a till sale that opens a purchase: with Worldline the chain takes the terminal's payment id, and the admin finds it by that id", async () => {
          const { pos } = await newTill(api, store.headers, { name: "Till", stock_location_id: store.seed.stock_location_ids.store_paris })
          const terminalPaymentId = "4123456789012345678"
          const sale = await pos.sales({
            sale_id: `S-${Date.now()}`,
            occurred_at: new Date().toISOString(),
            currency_code: "EUR",
            items: [{ sku: "TOTE-NATURAL", quantity: 1, unit_price: 1250, fulfilled: true }],
            payments: [{ method: "card", amount: 1250, acquirer_reference: terminalPaymentId, card: { brand: "visa", bin: "424242", last4: "4242" } }],
          })
          expect(sale.status).toBe(201)
          const expected = acquirer.name === "worldline-direct" ? terminalPaymentId : expect.not.stringMatching(terminalPaymentId)
          expect(sale.data.payment_id).toEqual(expected)
          const found = await api.get(`/admin/omnichannel/chains/${sale.data.payment_id}`, { headers: store.headers })
          expect(found.data.chain.operations[0].acquirer_reference).toBe(terminalPaymentId)
          await expectBooksAgree(store.container, sale.data.order_id)
        })
      })
    },
  })
}
