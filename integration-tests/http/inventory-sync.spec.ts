import { Modules } from "@medusajs/framework/utils"
import type { AxiosInstance } from "axios"
import { PosClient, computeOfflineToken, signPosPayload, verifyStoreWebhook, type PosSale, type PosStockEvent } from "../../plugin/src/pos-client"
import applyPendingStockMovements from "../../plugin/src/jobs/apply-pending-stock-movements"
import { applyStockMovements } from "../../plugin/src/workflows/inventory/steps/apply-stock-movements"
import { storeTestRunner } from "../helpers/store-runner"
import { seededStore } from "../helpers/admin"
import { newTill } from "../helpers/till-sale"
import { placeOrder, TEST_CARDS } from "../helpers/checkout"
import { eventually, WebhookReceiver } from "../helpers/webhook-receiver"

jest.setTimeout(300 * 1000)

const TOKEN_KEY = "inventory-sync-suite-token-key-0123456789"

const PARIS_STOCK = 20

storeTestRunner({
  env: {
    OMNI_TOKEN_KEY: TOKEN_KEY,
    // Retries every few hundred ms, so a receiver that comes back is reached within seconds.
    OMNI_WEBHOOK_RETRY_BASE_MS: "200",
    OMNI_WEBHOOK_TIMEOUT_MS: "2000",
  },
  testSuite: ({ api, getContainer, dbConnection }) => {

    const store = seededStore(api, getContainer)
    const { admin } = store
    const ledger = () => store.container.resolve<any>("omnichannel")

    const newTerminal = async (name: string, location: string, webhook_url?: string) => {
      return newTill(api as AxiosInstance, store.headers, { name, stock_location_id: location, webhook_url })
    }

    const inventoryItemOf = async (sku: string) => {
      const [item] = await store.container.resolve(Modules.INVENTORY).listInventoryItems({ sku })
      return item.id as string
    }
    const levelAt = async (sku: string, locationId: string) => {
      const [level] = await store.container
        .resolve(Modules.INVENTORY)
        .listInventoryLevels({ inventory_item_id: await inventoryItemOf(sku), location_id: locationId })
      return Number(level.stocked_quantity)
    }
    const allApplied = async () => (await ledger().listOmnichannelStockMovements({ status: "pending" })).length === 0

    const sale = (sale_id: string, items: PosSale["items"], amount = 1000): PosSale => ({
      sale_id,
      occurred_at: new Date().toISOString(),
      currency_code: "EUR",
      items,
      payments: [
        {
          method: "card",
          amount,
          card: { brand: "visa", bin: "424242", last4: "4242", offline_token: computeOfflineToken(TOKEN_KEY, TEST_CARDS.approved) },
        },
      ],
    })
    const stockEvent = (event_id: string, type: PosStockEvent["type"], sku: string, quantity: number, occurred_at = new Date().toISOString()): PosStockEvent => ({
      event_id,
      type,
      sku,
      quantity,
      occurred_at,
    })


    describe("stock levels moved by the tills", () => {
      it("200 sales of one SKU from 8 tills at once leave the level exactly right, flag it below zero, and a count clears the flag", async () => {
        const paris = store.seed.stock_location_ids.store_paris
        const tills = await Promise.all(Array.from({ length: 8 }, (_, i) => newTerminal(`Paris till ${i + 1}`, paris)))
        expect(await levelAt("SNEAKER-42", paris)).toBe(PARIS_STOCK)

        // Each till sends its 25 sales one after the other, as a till does; the 8 tills at once.
        const answers = await Promise.all(
          tills.map(async ({ pos, terminal }) => {
            const statuses: number[] = []
            for (let n = 0; n < 25; n++) {
              const res = await pos.sales(sale(`${terminal.id}-S${n}`, [{ sku: "SNEAKER-42", quantity: 1, unit_price: 1000, fulfilled: true }]))
              statuses.push(res.status)
            }
            return statuses
          })
        )
        expect(answers.flat().filter((s) => s === 201)).toHaveLength(200)

        await eventually(allApplied, 120_000)
        expect(await levelAt("SNEAKER-42", paris)).toBe(PARIS_STOCK - 200)

        // No lost update: every movement saw a different level, one unit above the next.
        const movements = await ledger().listOmnichannelStockMovements({ sku: "SNEAKER-42", kind: "sale" })
        expect(movements).toHaveLength(200)
        const befores = movements.map((m: any) => m.level_before).sort((a: number, b: number) => b - a)
        expect(befores).toEqual(Array.from({ length: 200 }, (_, i) => PARIS_STOCK - i))
        expect(movements.every((m: any) => m.level_after === m.level_before - 1)).toBe(true)

        // Below zero is flagged for the admin, never refused.
        const flagged = await admin("get", `/admin/omnichannel/stock-discrepancies?stock_location_id=${paris}`)
        expect(flagged.status).toBe(200)
        expect(flagged.data.count).toBe(180)
        expect(flagged.data.discrepancies[0]).toMatchObject({ sku: "SNEAKER-42", discrepancy: true, level_after: -180 })

        const counted = await tills[0].pos.events(stockEvent("COUNT-1", "stock.counted", "SNEAKER-42", 4))
        expect(counted.status).toBe(201)
        expect(counted.data.movements).toEqual([expect.objectContaining({ level_before: -180, level_after: 4, delta: 184, discrepancy: false })])
        expect((await admin("get", "/admin/omnichannel/stock-discrepancies")).data.count).toBe(0)
        expect(await levelAt("SNEAKER-42", paris)).toBe(4)
      })

      it("a count, then a sale, then a return give the expected level; replays, reused ids and bad events change nothing", async () => {
        const paris = store.seed.stock_location_ids.store_paris
        const { pos, terminal, secret } = await newTerminal("Paris till 1", paris)

        const countEvent = stockEvent("E-COUNT", "stock.counted", "SHIRT-M", 50)
        const count = await pos.events(countEvent)
        expect(count.status).toBe(201)
        expect(count.data).toMatchObject({ event_id: "E-COUNT", type: "stock.counted", sku: "SHIRT-M", stock_location_id: paris })
        expect(count.data.movements).toEqual([expect.objectContaining({ level_before: PARIS_STOCK, level_after: 50, delta: 30 })])

        // 3 handed over; 1 to ship later (a deposit) does not leave the shop's shelf.
        const sold = await pos.sales(
          sale("S-INV-1", [
            { sku: "SHIRT-M", quantity: 3, unit_price: 1500, fulfilled: true },
            { sku: "SHIRT-M", quantity: 1, unit_price: 1500, fulfilled: false },
          ], 4500)
        )
        expect(sold.status).toBe(201)
        await eventually(allApplied)
        expect(await levelAt("SHIRT-M", paris)).toBe(47)

        const returnEvent = stockEvent("E-RET", "item.returned", "SHIRT-M", 1)
        const returned = await pos.events(returnEvent)
        expect(returned.status).toBe(201)
        expect(returned.data.movements[0]).toMatchObject({ level_before: 47, level_after: 48, delta: 1 })
        expect(await levelAt("SHIRT-M", paris)).toBe(48)

        const adjusted = await pos.events(stockEvent("E-ADJ", "stock.adjusted", "SHIRT-M", -2))
        expect(adjusted.data.movements[0]).toMatchObject({ level_before: 48, level_after: 46, delta: -2 })

        // The same event again: the first answer, nothing applied twice.
        const replay = await pos.events(returnEvent)
        expect(replay.status).toBe(201)
        expect(replay.headers["idempotent-replayed"]).toBe("true")
        expect(replay.data).toEqual(returned.data)
        expect(await levelAt("SHIRT-M", paris)).toBe(46)

        // The same event id for another change: refused.
        const reused = await pos.events(stockEvent("E-RET", "item.returned", "SHIRT-M", 5))
        expect(reused.status).toBe(409)
        expect(reused.data.code).toBe("IDEMPOTENCY_KEY_REUSED")

        const before = await ledger().listOmnichannelStockMovements({})
        const bad: [PosStockEvent | Record<string, unknown>, number, string, string][] = [
          [stockEvent("E-X1", "stock.counted", "NOPE-1", 3), 422, "UNKNOWN_SKU", "sku"],
          [stockEvent("E-X2", "stock.counted", "SHIRT-M", -1), 400, "INVALID_DATA", "quantity"],
          [stockEvent("E-X3", "item.returned", "SHIRT-M", 0), 400, "INVALID_DATA", "quantity"],
          [stockEvent("E-X4", "stock.adjusted", "SHIRT-M", 0), 400, "INVALID_DATA", "quantity"],
          [stockEvent("E-X5", "stock.adjusted", "SHIRT-M", 1.5), 400, "INVALID_DATA", "quantity"],
          [{ ...stockEvent("E-X6", "stock.counted", "SHIRT-M", 1), type: "stock.stolen" }, 400, "INVALID_DATA", "type"],
          [{ ...stockEvent("E-X7", "stock.counted", "SHIRT-M", 1), occurred_at: "yesterday" }, 400, "INVALID_DATA", "occurred_at"],
          [{ ...stockEvent("E-X8", "stock.counted", "SHIRT-M", 1), extra: true }, 400, "INVALID_DATA", "body"],
        ]
        for (const [body, status, code, field] of bad) {
          const res = await pos.post("/pos/events", body)
          expect([res.status, res.data.code]).toEqual([status, code])
          expect(res.data.message).toContain(field === "body" ? "extra" : field)
        }
        // Forged signature and stale timestamp: 401 before anything is read.
        const raw = JSON.stringify(stockEvent("E-F1", "stock.counted", "SHIRT-M", 999))
        const ts = Math.floor(Date.now() / 1000)
        const forged = await api
          .post("/pos/events", raw, {
            headers: { "content-type": "application/json", "x-omni-terminal": terminal.id, "x-omni-timestamp": String(ts), "x-omni-signature": signPosPayload("not-the-secret", ts, raw) },
            transformRequest: (d) => d,
          })
          .catch((e) => e.response)
        expect([forged.status, forged.data.code]).toEqual([401, "INVALID_SIGNATURE"])
        const stale = await new PosClient({ baseUrl: api.defaults.baseURL!, terminalId: terminal.id, secret, now: () => Date.now() - 301_000 }).events(
          stockEvent("E-F2", "stock.counted", "SHIRT-M", 999)
        )
        expect([stale.status, stale.data.code]).toEqual([401, "STALE_TIMESTAMP"])

        expect(await ledger().listOmnichannelStockMovements({})).toHaveLength(before.length)
        expect(await levelAt("SHIRT-M", paris)).toBe(46)

        // A sale the till rang up before the count but sent after it: the count already holds it.
        const late = await pos.sales({
          ...sale("S-LATE", [{ sku: "SHIRT-M", quantity: 2, unit_price: 1500, fulfilled: true }], 3000),
          occurred_at: new Date(Date.parse(countEvent.occurred_at) - 60_000).toISOString(),
        })
        expect(late.status).toBe(201)
        await eventually(allApplied)
        const [lateMovement] = await ledger().listOmnichannelStockMovements({ reference: "S-LATE" })
        expect(lateMovement).toMatchObject({ status: "applied", superseded_by_count: true, delta: 0 })
        expect(await levelAt("SHIRT-M", paris)).toBe(46)
      })

      it("a sale whose event never reached the subscriber is applied by the sweeper job", async () => {
        const paris = store.seed.stock_location_ids.store_paris
        const { terminal } = await newTerminal("Paris till 1", paris)
        const variant = (await store.container.resolve(Modules.PRODUCT).listProductVariants({ sku: "TOTE-NATURAL" }))[0]
        // What an ingestion that crashed right after recording its movements leaves behind.
        const { movements } = await ledger().recordStockMovements([
          {
            source_key: `sale:${terminal.id}:S-CRASH:0`,
            kind: "sale",
            terminal_id: terminal.id,
            stock_location_id: paris,
            sku: "TOTE-NATURAL",
            variant_id: variant.id,
            inventory_item_id: await inventoryItemOf("TOTE-NATURAL"),
            quantity: 3,
            occurred_at: new Date().toISOString(),
            reference: "S-CRASH",
          },
        ])
        await applyPendingStockMovements(store.container)
        // Too young: the subscriber may still be on it.
        expect((await ledger().retrieveOmnichannelStockMovement(movements[0].id)).status).toBe("pending")

        await dbConnection.raw("update omnichannel_stock_movement set created_at = now() - interval '1 minute' where id = ?", [movements[0].id])
        await applyPendingStockMovements(store.container)
        await applyPendingStockMovements(store.container)
        expect((await ledger().retrieveOmnichannelStockMovement(movements[0].id)).status).toBe("applied")
        expect(await levelAt("TOTE-NATURAL", paris)).toBe(PARIS_STOCK - 3)
      })

      it("movements applied together keep their order: each on the level the one before left, a count between them, below zero and back", async () => {
        const paris = store.seed.stock_location_ids.store_paris
        const { terminal } = await newTerminal("Paris till 1", paris)
        const variant = (await store.container.resolve(Modules.PRODUCT).listProductVariants({ sku: "TOTE-NATURAL" }))[0]
        const item = await inventoryItemOf("TOTE-NATURAL")
        const t0 = Date.now() - 30_000
        const at = (ms: number) => new Date(t0 + ms).toISOString()
        const movement = (n: number, kind: "sale" | "count", quantity: number, occurred_at: string) => ({
          source_key: `batch:${terminal.id}:${n}`,
          kind,
          terminal_id: terminal.id,
          stock_location_id: paris,
          sku: "TOTE-NATURAL",
          variant_id: variant.id,
          inventory_item_id: item,
          quantity,
          occurred_at,
          reference: `B-${n}`,
        })
        // What the sweeper finds after a crash: five movements of one item, none applied yet.
        const { movements } = await ledger().recordStockMovements([
          movement(1, "sale", 15, at(0)),
          movement(2, "sale", 10, at(1000)),
          movement(3, "count", 2, at(2000)),
          movement(4, "sale", 1, at(-60_000)), // rung up before the count, sent after it
          movement(5, "sale", 4, at(3000)),
        ])
        for (const [n, m] of movements.entries()) {
          await dbConnection.raw("update omnichannel_stock_movement set created_at = now() - interval '1 minute' + (? * interval '1 ms') where id = ?", [n, m.id])
        }
        await applyPendingStockMovements(store.container)

        const applied = await Promise.all(movements.map((m: any) => ledger().retrieveOmnichannelStockMovement(m.id)))
        expect(applied.map((m: any) => [m.status, m.level_before, m.delta, m.level_after, m.superseded_by_count, m.discrepancy])).toEqual([
          ["applied", PARIS_STOCK, -15, 5, false, false],
          ["applied", 5, -10, -5, false, true],
          ["applied", -5, 7, 2, false, false],
          ["applied", 2, 0, 2, true, false],
          ["applied", 2, -4, -2, false, true],
        ])
        // The count closed the flag of the sale before it; the last sale's stays open for the admin.
        expect(applied[1].discrepancy_resolved_at).not.toBeNull()
        expect(applied[4].discrepancy_resolved_at).toBeNull()
        const open = await ledger().listOpenStockDiscrepancies({ stock_location_id: paris })
        expect(open.map((m: any) => m.id)).toEqual([movements[4].id])
        expect(await levelAt("TOTE-NATURAL", paris)).toBe(-2)

        // The subscriber and the sweeper applying the same new movements at once: applied once.
        const { movements: more } = await ledger().recordStockMovements([movement(6, "sale", 3, at(4000)), movement(7, "sale", 1, at(5000))])
        const ids = more.map((m: any) => m.id)
        const [first, second] = await Promise.all([applyStockMovements(store.container, ids), applyStockMovements(store.container, [...ids, movements[0].id])])
        expect(await levelAt("TOTE-NATURAL", paris)).toBe(-6)
        expect(first.map((m: any) => m.level_after)).toEqual([-5, -6])
        expect(second.map((m: any) => [m.id, m.level_after])).toEqual([[ids[0], -5], [ids[1], -6], [movements[0].id, 5]])
      })

    })

    describe("notifications to the tills", () => {
      let receiver: WebhookReceiver
      beforeEach(async () => {
        receiver = new WebhookReceiver()
        await receiver.start()
      })
      afterEach(async () => {
        await receiver.stop()
      })

      it("a local POS receiver gets every level change at its location and every online order, each signed with its terminal's secret", async () => {
        const paris = store.seed.stock_location_ids.store_paris
        const warehouse = store.seed.stock_location_ids.web_warehouse
        const t1 = await newTerminal("Paris till 1", paris, receiver.url)
        const t2 = await newTerminal("Paris till 2", paris, receiver.url)
        const t3 = await newTerminal("Warehouse scanner", warehouse, receiver.url)
        const quiet = await newTerminal("Paris till without webhook", paris)
        for (const t of [t1, t2, t3]) receiver.secrets.set(t.terminal.id, t.secret)

        expect((await t1.pos.sales(sale("S-W1", [{ sku: "SHIRT-L", quantity: 2, unit_price: 1500, fulfilled: true }], 3000))).status).toBe(201)
        expect((await quiet.pos.events(stockEvent("E-W1", "stock.counted", "CUP-GLAZED", 7))).status).toBe(201)
        const order = await placeOrder(api, store.container, store.seed, { card: TEST_CARDS.approved, sku: "TOTE-NATURAL", quantity: 1 })
        expect(order.order?.id).toBeDefined()
        const orderId = order.order.id
        expect((await admin("post", `/admin/orders/${orderId}/cancel`)).status).toBe(200)
        // A level Medusa's admin changes itself reaches the tills too.
        const bag = await inventoryItemOf("TOTE-NATURAL")
        expect((await admin("post", `/admin/inventory-items/${bag}/location-levels/${paris}`, { stocked_quantity: 33 })).status).toBe(200)

        const levelTo = (terminalId: string, sku: string, stocked: number) =>
          receiver.deliveries().some((d) => d.terminal_id === terminalId && d.body.type === "inventory.level_changed" && d.body.data.sku === sku && d.body.data.stocked_quantity === stocked)
        const orderTo = (terminalId: string, type: string) =>
          receiver.deliveries().some((d) => d.terminal_id === terminalId && d.body.type === type && d.body.data.order_id === orderId)

        await eventually(
          async () =>
            [t1, t2].every((t) => levelTo(t.terminal.id, "SHIRT-L", PARIS_STOCK - 2) && levelTo(t.terminal.id, "CUP-GLAZED", 7) && levelTo(t.terminal.id, "TOTE-NATURAL", 33)) &&
            [t1, t2, t3].every((t) => orderTo(t.terminal.id, "order.placed") && orderTo(t.terminal.id, "order.canceled")),
          30_000
        )
        // Levels go only to the tills at their location.
        expect(receiver.deliveries().filter((d) => d.terminal_id === t3.terminal.id && d.body.type === "inventory.level_changed" && d.body.data.stock_location_id === paris)).toEqual([])
        expect(receiver.received.every((r) => r.signature_valid)).toBe(true)
        expect(receiver.received.every((r) => r.delivery_id === r.body.id)).toBe(true)
        const placed = receiver.deliveries().find((d) => d.body.type === "order.placed")!
        expect(placed.body.data).toMatchObject({ order_id: orderId, items: [{ sku: "TOTE-NATURAL", quantity: 1 }], payment_ids: [expect.stringMatching(/^\d{19}$/)] })

        // Every queued notification ends delivered, and the admin sees it so.
        await eventually(async () => (await ledger().listOmnichannelOutboxMessages({ status: "pending" })).length === 0)
        const listed = await admin("get", "/admin/omnichannel/notifications?status=delivered&limit=200")
        expect(listed.data.count).toBe(receiver.deliveries().length)
        expect(new Set(listed.data.notifications.map((n: any) => n.id))).toEqual(new Set(receiver.deliveries().map((d) => d.delivery_id)))
        // Signed per terminal: another terminal's secret does not verify, so a forged notification would be refused.
        const toT1 = receiver.received.find((r) => r.terminal_id === t1.terminal.id)!
        expect(verifyStoreWebhook(t1.secret, toT1.headers, toT1.raw)).toBe(true)
        expect(verifyStoreWebhook(t3.secret, toT1.headers, toT1.raw)).toBe(false)
        expect(verifyStoreWebhook(t1.secret, toT1.headers, toT1.raw.toString().replace(`"id":"${toT1.delivery_id}"`, `"id":"${toT1.delivery_id}x"`))).toBe(false)
      })

      it("a receiver that is down for a while gets every notification once it is back", async () => {
        const paris = store.seed.stock_location_ids.store_paris
        const till = await newTerminal("Paris till 1", paris, receiver.url)
        receiver.secrets.set(till.terminal.id, till.secret)
        await receiver.stop()

        for (const [i, sku] of ["SHIRT-S", "SHIRT-M", "SHIRT-L", "SNEAKER-40"].entries()) {
          expect((await till.pos.events(stockEvent(`E-DOWN-${i}`, "stock.counted", sku, 10 + i))).status).toBe(201)
        }
        const queued = await ledger().listOmnichannelOutboxMessages({ terminal_id: till.terminal.id })
        expect(queued).toHaveLength(4)
        // While it is down: attempts fail and are retried later, nothing is given up.
        await eventually(async () => {
          const rows = await ledger().listOmnichannelOutboxMessages({ terminal_id: till.terminal.id })
          return rows.every((r: any) => r.status === "pending" && r.attempts >= 2 && r.last_error)
        }, 20_000)

        await receiver.start()
        await eventually(async () => {
          const rows = await ledger().listOmnichannelOutboxMessages({ terminal_id: till.terminal.id })
          return rows.every((r: any) => r.status === "delivered")
        }, 60_000)
        expect(new Set(receiver.deliveries().map((d) => d.delivery_id))).toEqual(new Set(queued.map((q: any) => q.id)))
        expect(receiver.received.every((r) => r.signature_valid)).toBe(true)
        const levels = Object.fromEntries(receiver.deliveries().map((d) => [d.body.data.sku, d.body.data.stocked_quantity]))
        expect(levels).toEqual({ "SHIRT-S": 10, "SHIRT-M": 11, "SHIRT-L": 12, "SNEAKER-40": 13 })
      })
    })
  },
})
