import { Modules } from "@medusajs/framework/utils"
import type { AxiosInstance } from "axios"
import { PosClient, computeOfflineToken, type PosSale } from "../../plugin/src/pos-client"
import { requestHash } from "../../plugin/src/idempotency/request-hash"
import { chainLockKey } from "../../plugin/src/workflows/common/steps/lock-chain"
import { recordOperationOnOrder } from "../../plugin/src/workflows/payments/steps/record-operation-on-order"
import { storeTestRunner } from "../helpers/store-runner"
import { seededStore } from "../helpers/admin"
import { expectAllBooksAgree } from "../helpers/books"
import { newTill } from "../helpers/till-sale"
import { paidOnlineOrder, TEST_CARDS } from "../helpers/checkout"

jest.setTimeout(300 * 1000)

const TOKEN_KEY = "interrupted-suite-token-key-0123456789abcdef"

/**
 * What a request finds when the instance that ran it before died mid-way (the
 * reliability suite kills servers for real; here each leftover is made by hand, so every
 * path runs every time): a key still marked running, an order already made, a chain held
 * by another operation, a credit-line change Medusa never confirmed; and bodies that are
 * not JSON objects.
 */
storeTestRunner({
  env: {
    OMNI_TOKEN_KEY: TOKEN_KEY,
  },
  testSuite: ({ api, getContainer, dbConnection }) => {
    let terminal: { id: string; stock_location_id: string }
    let pos: PosClient

    const store = seededStore(api, getContainer)
    const { admin } = store
    const ledger = () => store.container.resolve<any>("omnichannel")
    const ordersOfSale = async (saleId: string) =>
      (await store.container.resolve(Modules.ORDER).listOrders({}, { select: ["id", "metadata"] })).filter((o) => o.metadata?.pos_sale_id === saleId)

    const sale = (saleId: string): PosSale => ({
      sale_id: saleId,
      occurred_at: new Date().toISOString(),
      currency_code: "EUR",
      items: [{ sku: "SHIRT-M", quantity: 1, unit_price: 1500, fulfilled: true }],
      payments: [
        {
          method: "card",
          amount: 1500,
          acquirer_reference: `T-${saleId}`,
          card: { brand: "visa", bin: "424242", last4: "4242", offline_token: computeOfflineToken(TOKEN_KEY, TEST_CARDS.approved) },
        },
      ],
    })

    beforeEach(async () => {
      ;({ terminal, pos } = await newTill(api as AxiosInstance, store.headers, { name: "Till", stock_location_id: store.seed.stock_location_ids.store_paris }))
    })

    describe("requests a dead instance left running", () => {
      it("a key left running by a dead instance is taken over by the retry, which answers and is then replayed", async () => {
        const s = sale("S-ORPHAN-KEY")
        // What the dead instance left: the claim, never completed, and nobody holding its lock.
        await ledger().claimIdempotencyKey(`pos:${terminal.id}:sale`, `${terminal.id}:${s.sale_id}`, requestHash(s))

        const retried = await pos.sales(s)
        expect(retried.status).toBe(201)
        const again = await pos.sales(s)
        expect(again.status).toBe(201)
        expect(again.headers["idempotent-replayed"]).toBe("true")
        expect(again.data.order_id).toBe(retried.data.order_id)
        expect(await ordersOfSale(s.sale_id)).toHaveLength(1)
        await expectAllBooksAgree(store.container)
      })

      it("a sale whose order the dead run already made is completed into that order, not a second one", async () => {
        const s = sale("S-HALF-DONE")
        const half = await store.container.resolve(Modules.ORDER).createOrders({
          region_id: store.seed.region_ids.eur,
          sales_channel_id: store.seed.sales_channel_ids.in_store,
          currency_code: "eur",
          items: [{ title: "Shirt", variant_sku: "SHIRT-M", quantity: 1, unit_price: 15, metadata: { pos_sale_id: s.sale_id, terminal_id: terminal.id } }],
          metadata: { pos_sale_id: s.sale_id, terminal_id: terminal.id, stock_location_id: terminal.stock_location_id },
        })

        const res = await pos.sales(s)
        expect(res.status).toBe(201)
        expect(res.data.order_id).toBe(half.id)
        expect(await ordersOfSale(s.sale_id)).toHaveLength(1)
        const chain = (await admin("get", `/admin/omnichannel/chains/${res.data.payment_id}`)).data.chain
        expect(chain.order_id).toBe(half.id)
        expect(chain.totals.paid).toBe(1500)
        await expectAllBooksAgree(store.container)
      })

      it("a till payment the dead run left half-recorded on the order is recorded once, in the session it left", async () => {
        const res = await pos.sales(sale("S-HALF-RECORDED"))
        expect(res.status).toBe(201)
        const order_id = res.data.order_id
        const chain = await ledger().retrieveChainByPaymentId(res.data.payment_id)
        const [operation] = await ledger().listOmnichannelOperations({ chain_id: chain.id, type: "payment" })
        const payments = store.container.resolve(Modules.PAYMENT)
        const paymentsOfOrder = async () => {
          const { rows } = await dbConnection.raw(
            `select p.id from payment p join order_payment_collection l on l.payment_collection_id = p.payment_collection_id
             where l.order_id = ? and p.deleted_at is null and l.deleted_at is null`,
            [order_id]
          )
          return rows as { id: string }[]
        }
        expect(await paymentsOfOrder()).toHaveLength(1)
        const summary = async () => {
          const { data } = await store.container.resolve("query").graph({ entity: "order", fields: ["summary.*"], filters: { id: order_id } })
          return (data[0] as any).summary
        }

        // Undo, by hand, what came after the cut: the Medusa payment, its capture and order
        // transaction; then leave the session as each cut would leave it.
        const undoPayment = async (sessionData: Record<string, unknown>) => {
          const { rows } = await dbConnection.raw(`select id, payment_session_id from payment where id = ?`, [(await ledger().retrieveOmnichannelOperation(operation.id)).medusa_payment_id])
          const [payment] = rows
          const { rows: captures } = await dbConnection.raw(`select id from capture where payment_id = ?`, [payment.id])
          const orders = store.container.resolve(Modules.ORDER)
          const transactions = await orders.listOrderTransactions({ order_id, reference_id: captures.map((c: { id: string }) => c.id) })
          await orders.deleteOrderTransactions(transactions.map((t) => t.id))
          expect((await summary()).paid_total).toBe(0)
          await dbConnection.raw(`delete from capture where payment_id = ?`, [payment.id])
          await dbConnection.raw(`delete from payment where id = ?`, [payment.id])
          await dbConnection.raw(`update payment_session set data = ?, status = 'pending', authorized_at = null where id = ?`, [
            JSON.stringify(sessionData),
            payment.payment_session_id,
          ])
          await ledger().updateOmnichannelOperations({ id: operation.id, medusa_payment_id: null })
          return payment.payment_session_id as string
        }

        // Cut 1: Medusa had stored the session row, not yet what the provider described.
        const session1 = await undoPayment({ recorded_operation_id: operation.id })
        let recorded = await recordOperationOnOrder(store.container, { order_id, operation })
        expect((await payments.retrievePayment(recorded.result.payment_id, { relations: ["payment_session"] })).payment_session?.id).toBe(session1)
        expect(await paymentsOfOrder()).toHaveLength(1)
        expect((await summary()).paid_total).toBe(15)

        // Cut 2: the session was described by the provider, the payment not yet made.
        const described = (await payments.retrievePaymentSession(session1)).data as Record<string, unknown>
        expect(described.operation_id).toBe(operation.id)
        const session2 = await undoPayment(described)
        recorded = await recordOperationOnOrder(store.container, { order_id, operation })
        expect((await payments.retrievePayment(recorded.result.payment_id, { relations: ["payment_session"] })).payment_session?.id).toBe(session2)
        expect(await paymentsOfOrder()).toHaveLength(1)
        expect((await summary()).paid_total).toBe(15)
        await expectAllBooksAgree(store.container)
      })

    })

    describe("the chain's refund lock", () => {
      it("REFUND_ORDER_LOCKED because the chain is busy is not kept for the key: the same request succeeds once the chain is free", async () => {
        const { payment_id } = await paidOnlineOrder(api, store.container, store.seed, store.headers)
        const locking = store.container.resolve(Modules.LOCKING)
        await locking.acquire(chainLockKey(payment_id), { ownerId: "another-operation", expire: 60 })
        const body = { payment_id, amount: 500, currency_code: "EUR", reference: "RET-BUSY" }

        const busy = await pos.refunds(body, "till-key-busy")
        expect(busy.status).toBe(409)
        expect(busy.data.code).toBe("REFUND_ORDER_LOCKED")
        expect(busy.data.message).toMatch(/^payment_id: /)

        await locking.release(chainLockKey(payment_id), { ownerId: "another-operation" })
        const retried = await pos.refunds(body, "till-key-busy")
        expect(retried.status).toBe(201)
        expect(retried.headers["idempotent-replayed"]).toBeUndefined()
        expect(retried.data.chain.totals.refunded).toBe(500)

        // A refusal that is the request's answer (same reference again) is still kept.
        const dup = await pos.refunds({ ...body, amount: 100 }, "till-key-dup")
        expect(dup.data.code).toBe("REFUND_ORDER_LOCKED")
        const dupAgain = await pos.refunds({ ...body, amount: 100 }, "till-key-dup")
        expect(dupAgain.headers["idempotent-replayed"]).toBe("true")
        await expectAllBooksAgree(store.container)
      })

      it("a credit-line change a killed refund left pending does not block the order's next refund", async () => {
        const { order_id, payment_id } = await paidOnlineOrder(api, store.container, store.seed, store.headers)
        const orders = store.container.resolve(Modules.ORDER)
        await orders.createOrderChange({ order_id, change_type: "credit_line" } as never)
        const stranded = await orders.listOrderChanges({ order_id, status: "pending" } as never)
        expect(stranded).toHaveLength(1)

        const res = await admin("post", `/admin/omnichannel/chains/${payment_id}/refunds`, { amount: 700, currency_code: "EUR", reference: "RET-AFTER-CRASH" })
        expect(res.status).toBe(201)
        expect(res.data.chain.totals.refunded).toBe(700)
        expect(await orders.listOrderChanges({ order_id, status: "pending" } as never)).toHaveLength(0)
        await expectAllBooksAgree(store.container)
      })

    })

    describe("bodies that are not JSON objects", () => {
      it("bodies that are not JSON objects get 400 INVALID_DATA naming the body, on the POS and admin routes", async () => {
        for (const raw of ["null", "[1,2]", '"text"', "42", '{"sale_id":']) {
          const res = await pos.postRaw("/pos/sales", raw)
          expect(res.status).toBe(400)
          expect(res.data.code).toBe("INVALID_DATA")
          expect(res.data.message).toMatch(/^body: /)
        }
        const res = await (api as AxiosInstance)
          .post("/admin/omnichannel/terminals", "[]", { headers: { ...store.headers, "content-type": "application/json" } })
          .catch((e) => e.response)
        expect(res.status).toBe(400)
        expect(res.data).toEqual(expect.objectContaining({ code: "INVALID_DATA", message: "body: expected a JSON object" }))
      })
    })
  },
})
