import { storeTestRunner } from "../helpers/store-runner"
import type { AxiosInstance } from "axios"
import type { IOmnichannelModuleService } from "../../plugin/src/modules/omnichannel/service"
import { seededStore } from "../helpers/admin"
import { checkout, paidOnlineOrder, TEST_CARDS } from "../helpers/checkout"
import { Modules } from "@medusajs/framework/utils"
import { useTestAcquirer } from "../helpers/test-acquirer"

jest.setTimeout(180 * 1000)

const acquirer = useTestAcquirer("worldline-direct")

storeTestRunner({
  testSuite: ({ api, getContainer }) => {
    let ledger: IOmnichannelModuleService
    let paymentId: string
    let chainId: string
    const store = seededStore(api, getContainer)

    const server = () => acquirer.server!
    const call = store.admin

    /** Posts the exact bytes given, as Worldline does. */
    const deliver = (hook: { body: string; headers: Record<string, string> }) =>
      (api as AxiosInstance)
        .post("/hooks/omnichannel/worldline", hook.body, { headers: hook.headers, transformRequest: [(d) => d] })
        .catch((e) => e.response)

    const refundEvent = (id: string, operationId: string, amount: number, status = "REFUND_REQUESTED") => ({
      id,
      type: "refund.refund_requested",
      refund: {
        id: `${paymentId}_r-wh`,
        status,
        refundOutput: { amountOfMoney: { amount, currencyCode: "EUR" }, operationReferences: { merchantReference: operationId } },
      },
    })

    let chargedBefore = 0
    /** The refunds the platform moved during this test. */
    const refundsMoved = () => server().charges.slice(chargedBefore).filter((c) => c.kind === "refund").map((c) => c.amount)

    /** A refund whose answer never came back: the platform took it, then every retry failed. */
    const refundLeftPending = async (amount: number, key: string) => {
      chargedBefore = server().charges.length
      server().inject({ kind: "lose_answer" })
      server().inject({ kind: "error", status: 503, errorCode: "9999", id: "SERVICE_UNAVAILABLE", retriable: true }, 5)
      const res = await call("post", `/admin/omnichannel/chains/${paymentId}/refunds`, { amount, currency_code: "EUR", reference: "RET-WH" }, { "Idempotency-Key": key })
      server().clearFaults()
      const [op] = await ledger.listOmnichannelOperations({ chain_id: chainId, type: "refund" })
      return { res, op }
    }

    beforeEach(async () => {
      chargedBefore = server().charges.length
      ledger = store.container.resolve<IOmnichannelModuleService>("omnichannel")
      ;({ payment_id: paymentId } = await paidOnlineOrder(api, store.container, store.seed, store.headers, TEST_CARDS.approved, true, acquirer.platform))
      ;[{ id: chainId }] = await ledger.listOmnichannelChains({ payment_id: paymentId })
    })

    describe("card payments through Worldline", () => {
      it("the store's card payments went to the Worldline server, signed, one charge per operation", async () => {
        const { data } = await call("get", `/admin/omnichannel/chains/${paymentId}`)
        const [auth, capture] = data.chain.operations
        expect([auth.type, capture.type]).toEqual(["authorization", "capture"])
        expect(server().refusedSignatures).toHaveLength(0)
        const moved = server().charges.slice(chargedBefore)
        expect(moved.map((c) => c.kind)).toEqual(["authorize", "capture"])
        // The chain's first payment is the platform's 19-digit payment id.
        expect(moved[0].reference).toMatch(/^\d{19}$/)
        const [authOp] = await ledger.listOmnichannelOperations({ chain_id: chainId, type: "authorization" })
        expect(authOp.acquirer_reference).toBe(moved[0].reference)
      })

    })

    describe("webhooks settling pending operations", () => {
      it("a refund whose answer was lost stays pending and locks the chain; the platform's webhook settles it once", async () => {
        const { res, op } = await refundLeftPending(700, "wh-refund-1")
        expect([res.status, res.data.code]).toEqual([502, "ACQUIRER_UNAVAILABLE"])
        expect(op).toMatchObject({ status: "pending", amount: 700 })
        expect(refundsMoved()).toEqual([700])
        const locked = await call("post", `/admin/omnichannel/chains/${paymentId}/refunds`, { amount: 100, currency_code: "EUR", reference: "OTHER" })
        expect(locked.data.code).toBe("REFUND_ORDER_LOCKED")

        const hook = server().signedWebhook(refundEvent("evt-1", op.id, 700))
        const first = await deliver(hook)
        expect(first.status).toBe(200)
        expect(first.data).toMatchObject({ event_id: "evt-1", outcome: "settled_succeeded", operation_id: op.id })
        const [settled] = await ledger.listOmnichannelOperations({ id: op.id })
        expect(settled.status).toBe("succeeded")

        // Worldline delivers at least once: the same event again changes nothing.
        const again = await deliver(hook)
        expect(again.status).toBe(200)
        expect(again.headers["idempotent-replayed"]).toBe("true")
        expect(again.data).toEqual(first.data)

        // The admin's retry with the same key now completes in Medusa too, without a second refund.
        const retried = await call("post", `/admin/omnichannel/chains/${paymentId}/refunds`, { amount: 700, currency_code: "EUR", reference: "RET-WH" }, { "Idempotency-Key": "wh-refund-1" })
        expect(retried.status).toBe(201)
        expect(retried.data.chain.totals.refunded).toBe(700)
        expect(refundsMoved()).toEqual([700])
      })

      it("a customer who passes 3-D Secure and never comes back: the platform's webhook settles the payment and the cart becomes an order", async () => {
        const left = await checkout(api as AxiosInstance, store.seed, { card: TEST_CARDS.challenge, challenge: "abandon", platform: acquirer.platform })
        expect(left.challenged).toBeTruthy()
        const waiting = left.session.data.payment_collection.payment_sessions[0]
        const [op] = await ledger.listOmnichannelOperations({ idempotency_key: waiting.id })
        expect(op).toMatchObject({ status: "pending", type: "authorization" })
        const worldlineId = op.acquirer_reference!
        server().completeChallenge(worldlineId, true)

        const orders = store.container.resolve(Modules.ORDER)
        const before = (await orders.listOrders({})).length
        const event = {
          id: "evt-3ds-1",
          type: "payment.pending_capture",
          payment: {
            id: worldlineId,
            status: "PENDING_CAPTURE",
            paymentOutput: { amountOfMoney: { amount: op.amount, currencyCode: "EUR" }, references: { merchantReference: op.id } },
          },
        }
        const res = await deliver(server().signedWebhook(event))
        expect(res.data).toMatchObject({ outcome: "settled_succeeded", operation_id: op.id })
        const [settled] = await ledger.listOmnichannelOperations({ id: op.id })
        expect(settled.status).toBe("succeeded")
        const all = await orders.listOrders({}, { relations: [] })
        expect(all.length).toBe(before + 1)
        const { data: cart } = await (api as AxiosInstance).get(`/store/carts/${left.cart_id}`, { headers: { "x-publishable-api-key": store.seed.publishable_key } })
        expect(cart.cart.completed_at).toBeTruthy()
      })

      it("without a webhook, the admin's retry with the same Idempotency-Key settles the pending refund: refunded once", async () => {
        const { res, op } = await refundLeftPending(600, "wh-no-hook")
        expect(res.status).toBe(502)
        const retried = await call("post", `/admin/omnichannel/chains/${paymentId}/refunds`, { amount: 600, currency_code: "EUR", reference: "RET-WH" }, { "Idempotency-Key": "wh-no-hook" })
        expect(retried.status).toBe(201)
        expect(retried.data.operations.map((o: { id: string }) => o.id)).toEqual([op.id])
        expect(retried.data.chain.totals.refunded).toBe(600)
        expect(refundsMoved()).toEqual([600])
        // Another key with the same reference is still one refund too many.
        const other = await call("post", `/admin/omnichannel/chains/${paymentId}/refunds`, { amount: 600, currency_code: "EUR", reference: "RET-WH" }, { "Idempotency-Key": "wh-other" })
        expect(other.data.code).toBe("REFUND_ORDER_LOCKED")
      })

      it("a refusal reported by webhook settles the pending refund as failed and unlocks the chain", async () => {
        const { op } = await refundLeftPending(400, "wh-refund-2")
        const res = await deliver(server().signedWebhook(refundEvent("evt-2", op.id, 400, "REJECTED")))
        expect(res.data.outcome).toBe("settled_failed")
        const [failed] = await ledger.listOmnichannelOperations({ id: op.id })
        expect(failed.status).toBe("failed")
        const next = await call("post", `/admin/omnichannel/chains/${paymentId}/refunds`, { amount: 100, currency_code: "EUR", reference: "NEXT" })
        expect(next.status).toBe(201)
      })

    })

    describe("webhooks that are forged or malformed", () => {
      it.each([
        ["signed with another secret", (h: Record<string, string>) => ({ ...h, "x-gcs-signature": server().signedWebhook({ id: "x" }, "forged-secret").headers["x-gcs-signature"] }), "X-GCS-Signature"],
        ["an unknown key id", (h: Record<string, string>) => ({ ...h, "x-gcs-keyid": "someone-else" }), "X-GCS-KeyId"],
        ["no signature", (h: Record<string, string>) => { const { "x-gcs-signature": _, ...rest } = h; return rest }, "X-GCS-Signature"],
      ])("a forged webhook (%s) is refused with 401 and changes nothing", async (_label, tamper, field) => {
        const { op } = await refundLeftPending(300, `wh-forged-${Math.random()}`)
        const hook = server().signedWebhook(refundEvent(`evt-forged-${Math.random()}`, op.id, 300))
        const res = await deliver({ body: hook.body, headers: tamper(hook.headers) })
        expect(res.status).toBe(401)
        expect(res.data.code).toBe("INVALID_SIGNATURE")
        expect(res.data.message).toContain(field)
        const [still] = await ledger.listOmnichannelOperations({ id: op.id })
        expect(still.status).toBe("pending")
      })

      it("a body changed after signing is refused", async () => {
        const { op } = await refundLeftPending(300, "wh-tampered")
        const hook = server().signedWebhook(refundEvent("evt-tampered", op.id, 300, "REJECTED"))
        const res = await deliver({ ...hook, body: hook.body.replace("REJECTED", "REFUNDED") })
        expect([res.status, res.data.code]).toEqual([401, "INVALID_SIGNATURE"])
        const [still] = await ledger.listOmnichannelOperations({ id: op.id })
        expect(still.status).toBe("pending")
      })

      it("another amount than the pending operation's, or an unknown operation, is answered 200 and left alone", async () => {
        const { op } = await refundLeftPending(300, "wh-amount")
        const wrong = await deliver(server().signedWebhook(refundEvent("evt-amount", op.id, 301)))
        expect([wrong.status, wrong.data.outcome]).toEqual([200, "amount_mismatch"])
        const unknown = await deliver(server().signedWebhook(refundEvent("evt-unknown", "oop_NOT_OURS", 300)))
        expect([unknown.status, unknown.data.outcome]).toEqual([200, "unknown_operation"])
        const [still] = await ledger.listOmnichannelOperations({ id: op.id })
        expect(still.status).toBe("pending")
      })

      it("a signed body that is not an event, or has no id, is 400 naming what is wrong", async () => {
        const notJson = { body: "{not json", headers: server().signedWebhook({}).headers }
        notJson.headers["x-gcs-signature"] = require("crypto").createHmac("sha256", server().credentials.webhookSecret).update(notJson.body).digest("base64")
        const bad = await deliver(notJson)
        expect(bad.status).toBe(400)
        const noId = await deliver(server().signedWebhook({ type: "payment.created" }))
        expect([noId.status, noId.data.code]).toEqual([400, "INVALID_DATA"])
        expect(noId.data.message).toMatch(/^id: /)
      })
    })
  },
})
