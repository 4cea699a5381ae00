import { storeTestRunner } from "../helpers/store-runner"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import type { IOmnichannelModuleService } from "../../plugin/src/modules/omnichannel/service"
import { generatePaymentId } from "../../plugin/src/cards/payment-id"
import { toMinor } from "../../plugin/src/money"
import { recordChainPaymentWorkflow } from "../../plugin/src/workflows/payments/record-chain-payment"
import { seededStore } from "../helpers/admin"
import { expectBooksAgree } from "../helpers/books"
import { useTestAcquirer, type TestAcquirerName } from "../helpers/test-acquirer"
import { paidOnlineOrder, TEST_CARDS } from "../helpers/checkout"

jest.setTimeout(240 * 1000)

type ChainBody = {
  payment_id: string
  order_id: string
  totals: { paid: number; refunded: number; paid_out: number; refundable: number; authorized: number; by_channel: Record<string, { paid: number; refunded: number }> }
  operations: { type: string; status: string; amount: number; channel: string; reference: string | null; authorization_mode: string | null; cof_requestor: string | null }[]
}

/** The suite, run once per acquirer (see integration-tests/http/admin-chain-operations*.spec.ts). */
export function adminChainOperationsSuite(acquirerName: TestAcquirerName) {
  const acquirer = useTestAcquirer(acquirerName)

  storeTestRunner({
    testSuite: ({ api, getContainer }) => {
      let paymentId: string
      let orderId: string
      const store = seededStore(api, getContainer)

      const call = store.admin

      const paidOrder = (card: string = TEST_CARDS.approved, store_credentials = true) =>
        paidOnlineOrder(api, store.container, store.seed, store.headers, card, store_credentials, acquirer.platform)

      const chainOf = async (pid = paymentId): Promise<ChainBody> =>
        (await call("get", `/admin/omnichannel/chains/${pid}`)).data.chain

      /** Medusa's own order summary says what the chain says. */
      const expectMedusaAgrees = async (chain: ChainBody) => {
        const query = store.container.resolve(ContainerRegistrationKeys.QUERY)
        const { data } = await query.graph({ entity: "order", fields: ["summary.*", "currency_code"], filters: { id: chain.order_id } })
        const summary = (data[0] as any).summary
        expect(chain.totals.paid).toBe(toMinor(summary.paid_total, "EUR"))
        expect(chain.totals.refunded).toBe(toMinor(summary.refunded_total, "EUR"))
        await expectBooksAgree(store.container, chain.order_id)
      }

      beforeEach(async () => {
        ;({ payment_id: paymentId, order_id: orderId } = await paidOrder())
      })

      describe("reading chains", () => {
        it("shows the chain by payment id and lists it by order and by CRM token", async () => {
          const chain = await chainOf()
          expect(chain.order_id).toBe(orderId)
          expect(chain.totals).toMatchObject({ refunded: 0, paid_out: 0 })
          expect(chain.totals.paid).toBeGreaterThan(0)
          expect(chain.totals.refundable).toBe(chain.totals.paid)
          await expectMedusaAgrees(chain)

          const byOrder = await call("get", `/admin/omnichannel/chains?order_id=${orderId}`)
          expect(byOrder.data.chains.map((c: { payment_id: string }) => c.payment_id)).toEqual([paymentId])
          const crm = byOrder.data.chains[0].crm_token
          const byToken = await call("get", `/admin/omnichannel/chains?crm_token=${crm}`)
          expect(byToken.data.count).toBe(1)
        })

        it("refuses a mistyped and an unknown payment id", async () => {
          const typo = paymentId.slice(0, 18) + ((Number(paymentId[18]) + 1) % 10)
          // Our ids carry a check digit; Worldline's own (which its chains take) do not, so there a typo is only unknown.
          const mistyped = await call("get", `/admin/omnichannel/chains/${typo}`)
          expect(mistyped.data.code).toBe(acquirerName === "worldline-direct" ? "CHAIN_NOT_FOUND" : "INVALID_PAYMENT_ID")
          expect((await call("get", `/admin/omnichannel/chains/${paymentId.slice(1)}`)).data.code).toBe("INVALID_PAYMENT_ID")
          const unknown = await call("get", `/admin/omnichannel/chains/${generatePaymentId()}`)
          expect([unknown.status, unknown.data.code]).toEqual([404, "CHAIN_NOT_FOUND"])
        })

        it("needs an admin session", async () => {
          const res = await api.post(`/admin/omnichannel/chains/${paymentId}/refunds`, { amount: 100, currency_code: "EUR", reference: "x" }).catch((e) => e.response)
          expect(res.status).toBe(401)
          expect((await chainOf()).totals.refunded).toBe(0)
        })
      })

      describe("refunds", () => {
        it("partial and multiple refunds, each on the chain and in Medusa's order", async () => {
          const paid = (await chainOf()).totals.paid
          const charged = acquirer.charges().length
          const first = await call("post", `/admin/omnichannel/chains/${paymentId}/refunds`, { amount: 500, currency_code: "eur", reference: "RET-1" })
          expect(first.status).toBe(201)
          expect(first.data.operation).toMatchObject({ type: "refund", status: "succeeded", amount: 500, reference: "RET-1" })
          await expectMedusaAgrees(first.data.chain)
          const second = await call("post", `/admin/omnichannel/chains/${paymentId}/refunds`, { amount: 300, currency_code: "EUR", reference: "RET-2", note: "scratched" })
          expect(second.status).toBe(201)
          expect(second.data.chain.totals).toMatchObject({ refunded: 800, refundable: paid - 800 })
          await expectMedusaAgrees(second.data.chain)
          // Refund the rest exactly: allowed; one minor unit more: not.
          const rest = await call("post", `/admin/omnichannel/chains/${paymentId}/refunds`, { amount: paid - 800, currency_code: "EUR", reference: "RET-3" })
          expect(rest.status).toBe(201)
          const over = await call("post", `/admin/omnichannel/chains/${paymentId}/refunds`, { amount: 1, currency_code: "EUR", reference: "RET-4" })
          expect([over.status, over.data.code]).toEqual([422, "REFUND_EXCEEDS_PAID"])
          expect(over.data.message).toMatch(/^amount:/)
          await expectMedusaAgrees(await chainOf())
          // The acquirer moved exactly these three refunds, once each.
          const moved = acquirer.charges().slice(charged)
          expect(moved.map((c) => [c.kind, c.amount])).toEqual([["refund", 500], ["refund", 300], ["refund", paid - 800]])
        })

        it.each([
          [{ currency_code: "EUR", reference: "R" }, "amount"],
          [{ amount: "500", currency_code: "EUR", reference: "R" }, "amount"],
          [{ amount: 12.5, currency_code: "EUR", reference: "R" }, "amount"],
          [{ amount: -5, currency_code: "EUR", reference: "R" }, "amount"],
          [{ amount: 500, reference: "R" }, "currency_code"],
          [{ amount: 500, currency_code: "EUR" }, "reference"],
          [{ amount: 500, currency_code: "EUR", reference: "   " }, "reference"],
          [{ amount: 500, currency_code: "EUR", reference: "R", surprise: true }, "surprise"],
        ])("a malformed body %j gets 400 INVALID_DATA naming %s and changes nothing", async (body, field) => {
          const res = await call("post", `/admin/omnichannel/chains/${paymentId}/refunds`, body)
          expect(res.status).toBe(400)
          expect(res.data.code).toBe("INVALID_DATA")
          expect(res.data.message).toContain(field)
          expect((await chainOf()).operations.filter((o) => o.type === "refund")).toHaveLength(0)
        })

        it("refuses an unknown currency and another currency than the chain's", async () => {
          const unknown = await call("post", `/admin/omnichannel/chains/${paymentId}/refunds`, { amount: 100, currency_code: "XYZ", reference: "R" })
          expect([unknown.status, unknown.data.code]).toEqual([400, "UNKNOWN_CURRENCY"])
          const other = await call("post", `/admin/omnichannel/chains/${paymentId}/refunds`, { amount: 100, currency_code: "JPY", reference: "R" })
          expect([other.status, other.data.code]).toEqual([422, "CURRENCY_MISMATCH"])
          expect(other.data.message).toMatch(/^currency_code:/)
        })

        it("a second refund with the same reference is REFUND_ORDER_LOCKED, from any channel", async () => {
          expect((await call("post", `/admin/omnichannel/chains/${paymentId}/refunds`, { amount: 100, currency_code: "EUR", reference: "RMA-9" })).status).toBe(201)
          const again = await call("post", `/admin/omnichannel/chains/${paymentId}/refunds`, { amount: 200, currency_code: "EUR", reference: "RMA-9" })
          expect([again.status, again.data.code]).toEqual([409, "REFUND_ORDER_LOCKED"])
          expect((await chainOf()).totals.refunded).toBe(100)
          await expectBooksAgree(store.container, orderId)
        })

        it("two admins refunding the same return at once: one refund, one REFUND_ORDER_LOCKED", async () => {
          const body = { amount: 400, currency_code: "EUR", reference: "RETURN-77" }
          const results = await Promise.all([
            call("post", `/admin/omnichannel/chains/${paymentId}/refunds`, body),
            call("post", `/admin/omnichannel/chains/${paymentId}/refunds`, body),
          ])
          expect(results.map((r) => r.status).sort()).toEqual([201, 409])
          expect(results.find((r) => r.status === 409)!.data.code).toBe("REFUND_ORDER_LOCKED")
          const chain = await chainOf()
          expect(chain.totals.refunded).toBe(400)
          await expectMedusaAgrees(chain)
        })

        it("Idempotency-Key: the same request replays the first answer, another body is refused", async () => {
          const body = { amount: 250, currency_code: "EUR", reference: "IDEM-1" }
          const first = await call("post", `/admin/omnichannel/chains/${paymentId}/refunds`, body, { "Idempotency-Key": "key-abc" })
          const replay = await call("post", `/admin/omnichannel/chains/${paymentId}/refunds`, body, { "Idempotency-Key": "key-abc" })
          expect(first.status).toBe(201)
          expect(replay.status).toBe(201)
          expect(replay.headers["idempotent-replayed"]).toBe("true")
          expect(replay.data.operation.id).toBe(first.data.operation.id)
          const reused = await call("post", `/admin/omnichannel/chains/${paymentId}/refunds`, { ...body, amount: 260 }, { "Idempotency-Key": "key-abc" })
          expect([reused.status, reused.data.code]).toEqual([409, "IDEMPOTENCY_KEY_REUSED"])
          expect((await chainOf()).totals.refunded).toBe(250)
          await expectBooksAgree(store.container, orderId)
        })

        it("refunds an in-store payment from the admin, on that payment in Medusa", async () => {
          await recordChainPaymentWorkflow(store.container).run({
            input: { payment_id: paymentId, amount: 2000, currency_code: "EUR", channel: "in_store", idempotency_key: "T1:S-1", acquirer_reference: "T1-778899" },
          })
          let chain = await chainOf()
          expect(chain.totals.by_channel.in_store).toEqual({ paid: 2000, refunded: 0 })
          await expectMedusaAgrees(chain)

          const res = await call("post", `/admin/omnichannel/chains/${paymentId}/refunds`, { amount: 1500, currency_code: "EUR", reference: "STORE-RET-1", prefer_channel: "in_store" })
          expect(res.status).toBe(201)
          chain = res.data.chain
          expect(chain.totals.refunded).toBe(1500)
          await expectMedusaAgrees(chain)

          const inStoreOp = (await store.container.resolve<IOmnichannelModuleService>("omnichannel").listOmnichannelOperations({ acquirer_reference: "T1-778899" }))[0]
          const [medusaPayment] = await store.container.resolve(Modules.PAYMENT).listPayments({ id: inStoreOp.medusa_payment_id! }, { relations: ["refunds"] })
          expect(medusaPayment.refunds!.map((r) => Number(r.amount))).toEqual([15])
        })
      })

      describe("payouts", () => {
        it("pays out more than was paid, with a reason and the admin on record", async () => {
          const paid = (await chainOf()).totals.paid
          const charged = acquirer.charges().length
          const res = await call("post", `/admin/omnichannel/chains/${paymentId}/payouts`, { amount: paid + 10000, currency_code: "EUR", reason: "late delivery goodwill" })
          expect(res.status).toBe(201)
          expect(acquirer.charges().slice(charged).map((c) => [c.kind, c.amount])).toEqual([["payout", paid + 10000]])
          expect(res.data.operation).toMatchObject({ type: "payout", status: "succeeded", note: "late delivery goodwill" })
          expect(res.data.operation.actor_id).toMatch(/^user_/)
          expect(res.data.chain.totals).toMatchObject({ paid, paid_out: paid + 10000, refundable: paid })
          // A payout is the chain's alone: Medusa's order is not refunded by it.
          await expectBooksAgree(store.container, orderId)
        })

        it("refuses a payout without a reason", async () => {
          const res = await call("post", `/admin/omnichannel/chains/${paymentId}/payouts`, { amount: 100, currency_code: "EUR" })
          expect([res.status, res.data.code]).toEqual([400, "INVALID_DATA"])
          expect(res.data.message).toMatch(/^reason:/)
          expect((await chainOf()).totals.paid_out).toBe(0)
        })
      })

      describe("subsequent payments", () => {
        it.each([
          ["SALE", "payment", 1200, 0],
          ["FINAL_AUTHORIZATION", "authorization", 0, 1200],
          ["PRE_AUTHORIZATION", "authorization", 0, 1200],
        ])("%s charges the chain's card and lands in the order", async (mode, type, paidDelta, authorizedDelta) => {
          const before = await chainOf()
          const res = await call("post", `/admin/omnichannel/chains/${paymentId}/subsequent-payments`, { amount: 1200, currency_code: "EUR", authorization_mode: mode })
          expect(res.status).toBe(201)
          expect(res.data.operation).toMatchObject({ type, status: "succeeded", authorization_mode: mode, cof_requestor: "merchantInitiated", cof_sequence: "subsequent" })
          const after: ChainBody = res.data.chain
          expect(after.totals.paid).toBe(before.totals.paid + paidDelta)
          expect(after.totals.authorized).toBe(before.totals.authorized + authorizedDelta)
          await expectMedusaAgrees(after)

          // The order has a new payment collection of exactly this amount (not the order total again).
          const query = store.container.resolve(ContainerRegistrationKeys.QUERY)
          const { data } = await query.graph({ entity: "order", fields: ["payment_collections.amount", "payment_collections.payments.id"], filters: { id: orderId } })
          const collections = (data[0] as any).payment_collections
          expect(collections).toHaveLength(2)
          expect(Number(collections[1].amount)).toBe(12)

          if (type === "authorization") {
            // Captured later with Medusa's own button: it lands on the chain.
            const captured = await call("post", `/admin/payments/${collections[1].payments[0].id}/capture`, {})
            expect(captured.status).toBe(200)
            const final = await chainOf()
            expect(final.totals.paid).toBe(before.totals.paid + 1200)
            await expectMedusaAgrees(final)
          }
        })

        it("refuses a chain whose first payment had no consent: COF_CONSENT_MISSING", async () => {
          const other = await paidOrder(TEST_CARDS.approved, false)
          const res = await call("post", `/admin/omnichannel/chains/${other.payment_id}/subsequent-payments`, { amount: 100, currency_code: "EUR", authorization_mode: "SALE" })
          expect([res.status, res.data.code]).toEqual([422, "COF_CONSENT_MISSING"])
          expect((await chainOf(other.payment_id)).operations.map((o) => o.type)).toEqual(["authorization", "capture"])
        })

        it("a declined card is 402 PAYMENT_DECLINED and nothing is recorded as moved", async () => {
          const other = await paidOrder("4000000000000341", true)
          const before = await chainOf(other.payment_id)
          const res = await call("post", `/admin/omnichannel/chains/${other.payment_id}/subsequent-payments`, { amount: 700, currency_code: "EUR", authorization_mode: "SALE" })
          expect([res.status, res.data.code]).toEqual([402, "PAYMENT_DECLINED"])
          const after = await chainOf(other.payment_id)
          expect(after.totals).toEqual(before.totals)
          expect(after.operations.at(-1)).toMatchObject({ type: "payment", status: "failed" })
          await expectMedusaAgrees(after)
          const query = store.container.resolve(ContainerRegistrationKeys.QUERY)
          const { data } = await query.graph({ entity: "order", fields: ["payment_collections.id"], filters: { id: other.order_id } })
          expect((data[0] as any).payment_collections).toHaveLength(1)
        })

        it("refuses an unknown authorization mode", async () => {
          const res = await call("post", `/admin/omnichannel/chains/${paymentId}/subsequent-payments`, { amount: 100, currency_code: "EUR", authorization_mode: "LATER" })
          expect([res.status, res.data.code]).toEqual([400, "INVALID_DATA"])
          expect(res.data.message).toMatch(/^authorization_mode:/)
        })
      })
    },
  })
}
