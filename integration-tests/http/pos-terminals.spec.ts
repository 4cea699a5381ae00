import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { PosClient, computeOfflineToken, signPosPayload } from "../../plugin/src/pos-client"
import { toMinor } from "../../plugin/src/money"
import { storeTestRunner } from "../helpers/store-runner"
import { seededStore } from "../helpers/admin"
import { paidOnlineOrder, TEST_CARDS } from "../helpers/checkout"

jest.setTimeout(240 * 1000)

// medusa-config reads the token key when the suite boots the store: the terminals share it.
const TOKEN_KEY = "pos-suite-token-key-0123456789abcdef-xyz"

storeTestRunner({
  env: {
    OMNI_TOKEN_KEY: TOKEN_KEY,
  },
  testSuite: ({ api, getContainer, dbConnection }) => {
    let terminal: { id: string; stock_location_id: string }
    let secret: string
    let pos: PosClient

    const store = seededStore(api, getContainer)
    const { admin, chainOf } = store

    const clientFor = (terminalId: string, key: string, now?: () => number) =>
      new PosClient({ baseUrl: api.defaults.baseURL!, terminalId, secret: key, now })

    const paidOrder = (card: string = TEST_CARDS.approved) => paidOnlineOrder(api, store.container, store.seed, store.headers, card)


    beforeEach(async () => {
      const created = await admin("post", "/admin/omnichannel/terminals", {
        name: "Paris till 1",
        stock_location_id: store.seed.stock_location_ids.store_paris,
        webhook_url: "http://127.0.0.1:9/hook",
      })
      expect(created.status).toBe(201)
      ;({ terminal, secret } = created.data)
      pos = clientFor(terminal.id, secret)
    })

    describe("terminals", () => {
      it("shows the secret once and stores it only encrypted", async () => {
        expect(secret).toMatch(/^pos_sk_[0-9a-f]{64}$/)
        expect(terminal).not.toHaveProperty("secret_ciphertext")
        const list = await admin("get", "/admin/omnichannel/terminals")
        expect(list.data.terminals.map((t: { id: string }) => t.id)).toEqual([terminal.id])
        expect(JSON.stringify(list.data)).not.toContain(secret)
        expect(JSON.stringify(list.data)).not.toContain("secret_ciphertext")
        const { rows } = await dbConnection.raw("select t::text as row from omnichannel_terminal t")
        expect(rows[0].row).not.toContain(secret)
      })

      it.each([
        [{ stock_location_id: "sloc_x" }, "name"],
        [{ name: "Till" }, "stock_location_id"],
        [{ name: "Till", stock_location_id: "sloc_nope" }, "stock_location_id"],
        [{ name: "Till", stock_location_id: "sloc_nope", webhook_url: "ftp://x" }, "webhook_url"],
      ])("refuses %j naming %s", async (body, field) => {
        const res = await admin("post", "/admin/omnichannel/terminals", body)
        expect([res.status, res.data.code]).toEqual([400, "INVALID_DATA"])
        expect(res.data.message).toMatch(new RegExp(`^${field}`))
        expect((await admin("get", "/admin/omnichannel/terminals")).data.count).toBe(1)
      })

      it("rotating the secret retires the old one; deactivating retires the terminal", async () => {
        const { payment_id } = await paidOrder()
        const rotated = await admin("post", `/admin/omnichannel/terminals/${terminal.id}/rotate-secret`)
        expect(rotated.status).toBe(200)
        expect(rotated.data.secret).not.toBe(secret)
        const old = await pos.refunds({ payment_id, amount: 100, currency_code: "EUR", reference: "R-old" })
        expect([old.status, old.data.code]).toEqual([401, "INVALID_SIGNATURE"])
        const fresh = clientFor(terminal.id, rotated.data.secret)
        expect((await fresh.refunds({ payment_id, amount: 100, currency_code: "EUR", reference: "R-new" })).status).toBe(201)

        expect((await admin("delete", `/admin/omnichannel/terminals/${terminal.id}`)).status).toBe(200)
        const gone = await fresh.refunds({ payment_id, amount: 100, currency_code: "EUR", reference: "R-after" })
        expect([gone.status, gone.data.code]).toEqual([401, "UNKNOWN_TERMINAL"])
        expect((await chainOf(payment_id)).totals.refunded).toBe(100)
      })
    })

    describe("signed requests", () => {
      let paymentId: string
      beforeEach(async () => {
        ;({ payment_id: paymentId } = await paidOrder())
      })
      const refund = (reference: string) => ({ payment_id: paymentId, amount: 300, currency_code: "EUR", reference })

      it("refuses an unknown terminal, a forged signature, a tampered body and a stale or future timestamp, writing nothing", async () => {
        // A minute beyond the 300 s window: a loaded machine may take a second or more to deliver a request.
        const cases = [
          [clientFor("oterm_unknown", secret).refunds(refund("A")), "UNKNOWN_TERMINAL"],
          [clientFor(terminal.id, "pos_sk_" + "0".repeat(64)).refunds(refund("B")), "INVALID_SIGNATURE"],
          [clientFor(terminal.id, secret, () => Date.now() - 360_000).refunds(refund("C")), "STALE_TIMESTAMP"],
          [clientFor(terminal.id, secret, () => Date.now() + 360_000).refunds(refund("D")), "STALE_TIMESTAMP"],
        ] as const
        for (const [request, code] of cases) {
          const res = await request
          expect([res.status, res.data.code]).toEqual([401, code])
        }
        // Signed for one body, sent with another.
        const ts = Math.floor(Date.now() / 1000)
        const signed = JSON.stringify(refund("E"))
        const tampered = await api
          .post("/pos/refunds", JSON.stringify({ ...refund("E"), amount: 30000 }), {
            headers: {
              "content-type": "application/json",
              "x-omni-terminal": terminal.id,
              "x-omni-timestamp": String(ts),
              "x-omni-signature": signPosPayload(secret, ts, signed),
            },
          })
          .catch((e) => e.response)
        expect([tampered.status, tampered.data.code]).toEqual([401, "INVALID_SIGNATURE"])
        expect((await chainOf(paymentId)).operations.filter((o: { type: string }) => o.type === "refund")).toHaveLength(0)
      })

      it("a replayed refund request changes nothing", async () => {
        const ts = Math.floor(Date.now() / 1000)
        const raw = JSON.stringify(refund("REPLAY-1"))
        const send = () =>
          api
            .post("/pos/refunds", raw, {
              headers: {
                "content-type": "application/json",
                "x-omni-terminal": terminal.id,
                "x-omni-timestamp": String(ts),
                "x-omni-signature": signPosPayload(secret, ts, raw),
              },
            })
            .catch((e) => e.response)
        expect((await send()).status).toBe(201)
        const replay = await send()
        expect([replay.status, replay.data.code]).toEqual([409, "REFUND_ORDER_LOCKED"])
        expect((await chainOf(paymentId)).totals.refunded).toBe(300)
      })

      it("an in-store refund of an online payment: on the chain with the till, and in Medusa's order", async () => {
        const res = await pos.refunds(refund("STORE-RETURN-1"))
        expect(res.status).toBe(201)
        expect(res.data.operation).toMatchObject({
          type: "refund",
          channel: "in_store",
          amount: 300,
          terminal_id: terminal.id,
          stock_location_id: terminal.stock_location_id,
        })
        const chain = res.data.chain
        expect(chain.totals.by_channel.in_store).toEqual({ paid: 0, refunded: 300 })
        const { data } = await store.container.resolve(ContainerRegistrationKeys.QUERY).graph({ entity: "order", fields: ["summary.*"], filters: { id: chain.order_id } })
        expect(toMinor((data[0] as any).summary.refunded_total, "EUR")).toBe(300)
      })

      it.each([
        [{ amount: 300, currency_code: "EUR", reference: "R" }, "payment_id"],
        [{ payment_id: "x", amount: "300", currency_code: "EUR", reference: "R" }, "amount"],
        [{ payment_id: "x", amount: 300, currency_code: "EURO", reference: "R" }, "currency_code"],
      ])("a malformed refund %j gets 400 naming %s", async (body, field) => {
        const res = await pos.post("/pos/refunds", body)
        expect([res.status, res.data.code]).toEqual([400, "INVALID_DATA"])
        expect(res.data.message).toMatch(new RegExp(`^${field}`))
      })
    })

    describe("click & collect", () => {
      it("the card that paid online releases the order at the till; another card does not", async () => {
        const { payment_id, order_id } = await paidOrder(TEST_CARDS.approved)
        const wrong = await pos.verifyClickCollect({ payment_id, offline_token: computeOfflineToken(TOKEN_KEY, "5555555555554444") })
        expect([wrong.status, wrong.data.code]).toEqual([422, "TOKEN_MISMATCH"])

        const right = await pos.verifyClickCollect({ payment_id, offline_token: computeOfflineToken(TOKEN_KEY, TEST_CARDS.approved) })
        expect(right.status).toBe(200)
        expect(right.data).toMatchObject({ match: true, order_id, payment_id, items: [{ sku: "SHIRT-M", quantity: 2 }] })
      })

      it("refuses a token that is not 64 hex characters", async () => {
        const { payment_id } = await paidOrder()
        const res = await pos.verifyClickCollect({ payment_id, offline_token: "abc" })
        expect([res.status, res.data.code]).toEqual([400, "INVALID_DATA"])
        expect(res.data.message).toMatch(/^offline_token/)
      })
    })
  },
})
