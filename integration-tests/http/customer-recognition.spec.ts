import { ChangeActionType, ContainerRegistrationKeys, Modules, OrderChangeStatus } from "@medusajs/framework/utils"
import { requestOrderTransferWorkflow } from "@medusajs/medusa/core-flows"
import { TestEventUtils } from "@medusajs/test-utils"
import type { AxiosInstance } from "axios"
import { PosClient, computeOfflineToken, type PosSale } from "../../plugin/src/pos-client"
import { attachTillOrders } from "../../plugin/src/jobs/attach-till-orders"
import { saleOrderId } from "../../plugin/src/workflows/pos-sales-batch/derived-ids"
import { CARD_KEPT } from "../../plugin/src/workflows/customers/events"
import { storeTestRunner } from "../helpers/store-runner"
import { seededStore } from "../helpers/admin"
import { newTill } from "../helpers/till-sale"
import { placeOrder, registerCustomer, TEST_CARDS, type Customer } from "../helpers/checkout"

jest.setTimeout(300 * 1000)

const TOKEN_KEY = "customer-recognition-suite-token-key-0123"
const KEPT_PAN = TEST_CARDS.approved
// A card nobody kept: its offline token is a real one, its card token may or may not exist.
const UNKNOWN_PAN = "5555555555554444"

// Option recognizeCustomers "by_card" (the demo's). Off: customer-recognition-off.spec.ts.
storeTestRunner({
  env: { OMNI_TOKEN_KEY: TOKEN_KEY, OMNI_RECOGNIZE_CUSTOMERS: "by_card" },
  testSuite: ({ api, getContainer }) => {
    let terminal: { id: string }
    let pos: PosClient
    const store = seededStore(api, getContainer)
    const orders = () => store.container.resolve(Modules.ORDER)

    const cardPayment = (pan: string, reference: string) => ({
      method: "card" as const,
      amount: 3000,
      acquirer_reference: reference,
      card: { brand: "visa", bin: pan.slice(0, 6), last4: pan.slice(-4), offline_token: computeOfflineToken(TOKEN_KEY, pan) },
    })
    /** An anonymous till sale (no `customer`) paid by the card given. */
    const tillSale = (sale_id: string, pan: string = KEPT_PAN, overrides: Partial<PosSale> = {}): PosSale => ({
      sale_id,
      occurred_at: new Date().toISOString(),
      currency_code: "EUR",
      items: [{ sku: "SHIRT-M", quantity: 2, unit_price: 1500, fulfilled: true }],
      payments: [cardPayment(pan, `T-${sale_id}`)],
      ...overrides,
    })
    const orderOf = (id: string) => orders().retrieveOrder(id, { select: ["id", "customer_id", "email"] })
    const customerId = async (email: string) => (await store.container.resolve(Modules.CUSTOMER).listCustomers({ email }))[0].id
    const transfersOf = (order_id: string) => orders().listOrderChanges({ order_id, change_type: "transfer" } as never, { relations: ["actions"] })

    /** An online order paid with the card, kept when asked: waits for the order's subscribers and for the kept card's. */
    const payOnline = async (pan: string, opts: { customer?: Customer; keep: boolean }) => {
      const kept = opts.keep ? TestEventUtils.waitSubscribersExecution(CARD_KEPT, store.container.resolve(Modules.EVENT_BUS), { timeout: 60_000 }) : null
      const { order } = await placeOrder(api, store.container, store.seed, { card: pan, store_credentials: opts.keep, customer: opts.customer })
      expect(order).toBeTruthy()
      await kept
      return orderOf((order as { id: string }).id)
    }

    beforeEach(async () => {
      ;({ terminal, pos } = await newTill(api as AxiosInstance, store.headers, { name: "Paris till 1", stock_location_id: store.seed.stock_location_ids.store_paris }))
    })

    describe("POST /pos/sales: a till shopper recognised by the card they kept online", () => {
      it("an anonymous till sale with the kept card lands on the customer's new order, and the answer says so", async () => {
        const ada = await registerCustomer(api as AxiosInstance, store.seed)
        await payOnline(KEPT_PAN, { customer: ada, keep: true })

        const sale = tillSale("S-REC-1")
        const res = await pos.sales(sale)
        expect(res.status).toBe(201)
        expect(res.data.customer_recognized_by).toBe("card")
        expect(await orderOf(res.data.order_id)).toMatchObject({ customer_id: await customerId(ada.email), email: ada.email })

        // The same sale sent again is answered as it was, with no second order.
        const again = await pos.sales(sale)
        expect(again.data).toEqual(res.data)
      })

      it("a sale naming its customer keeps that customer; a card nobody kept and a sale without a card recognise nobody", async () => {
        const ada = await registerCustomer(api as AxiosInstance, store.seed)
        await payOnline(KEPT_PAN, { customer: ada, keep: true })

        const named = await pos.sales(tillSale("S-NAMED", KEPT_PAN, { customer: { email: "grace@example.com", first_name: "Grace" } }))
        expect(named.status).toBe(201)
        expect(named.data.customer_recognized_by).toBeNull()
        expect(await orderOf(named.data.order_id)).toMatchObject({ customer_id: await customerId("grace@example.com"), email: "grace@example.com" })

        const unknown = await pos.sales(tillSale("S-UNKNOWN", UNKNOWN_PAN))
        expect(unknown.status).toBe(201)
        expect(unknown.data.customer_recognized_by).toBeNull()
        expect((await orderOf(unknown.data.order_id)).customer_id).toBeNull()

        const cash = await pos.sales(tillSale("S-CASH", KEPT_PAN, { payments: [{ method: "cash", amount: 3000 }] as PosSale["payments"] }))
        expect(cash.status).toBe(201)
        expect(cash.data.customer_recognized_by).toBeNull()
        expect((await orderOf(cash.data.order_id)).customer_id).toBeNull()
      })

      it("a card kept by two customers (a shared family card) recognises nobody", async () => {
        const ada = await registerCustomer(api as AxiosInstance, store.seed)
        const byron = await registerCustomer(api as AxiosInstance, store.seed)
        await payOnline(KEPT_PAN, { customer: ada, keep: true })
        await payOnline(KEPT_PAN, { customer: byron, keep: true })

        const res = await pos.sales(tillSale("S-FAMILY"))
        expect(res.status).toBe(201)
        expect(res.data.customer_recognized_by).toBeNull()
        expect((await orderOf(res.data.order_id)).customer_id).toBeNull()
      })

      it("a sale merged into an existing order never changes that order's customer", async () => {
        const ada = await registerCustomer(api as AxiosInstance, store.seed)
        await payOnline(KEPT_PAN, { customer: ada, keep: true })
        // Someone else's online order, paid with the same card without keeping it.
        const other = await payOnline(KEPT_PAN, { keep: false })
        const { data } = await store.container.resolve(ContainerRegistrationKeys.QUERY).graph({
          entity: "order",
          fields: ["omnichannel_chains.payment_id"],
          filters: { id: other.id },
        })
        const payment_id = (data[0] as any).omnichannel_chains[0].payment_id as string

        const res = await pos.sales(tillSale("S-MERGED", KEPT_PAN, { payment_id }))
        expect(res.status).toBe(201)
        expect(res.data.order_id).toBe(other.id)
        expect(res.data.customer_recognized_by).toBeNull()
        expect(other.customer_id).toEqual(expect.any(String))
        expect(other.customer_id).not.toBe(await customerId(ada.email))
        expect((await orderOf(other.id)).customer_id).toBe(other.customer_id)
        expect(await transfersOf(other.id)).toHaveLength(0)
      })
    })

    describe("POST /pos/sales/batch: each sale recognised as the single route recognises it", () => {
      it("a run of new sales written in bulk: the kept card's anonymous sales get the customer, the others do not", async () => {
        const ada = await registerCustomer(api as AxiosInstance, store.seed)
        await payOnline(KEPT_PAN, { customer: ada, keep: true })
        const adaId = await customerId(ada.email)

        const sales = [
          tillSale("B-REC-1"),
          tillSale("B-UNKNOWN", UNKNOWN_PAN),
          tillSale("B-NAMED", KEPT_PAN, { customer: { email: "grace@example.com" } }),
          tillSale("B-REC-2"),
        ]
        const res = await pos.salesBatch(sales)
        expect(res.status).toBe(200)
        const [rec1, unknown, named, rec2] = res.data.results
        for (const r of res.data.results) expect(r.status).toBe(201)
        // The bulk path made these orders (their ids derive from the sales).
        expect(rec1.body.order_id).toBe(saleOrderId({ sale_id: "B-REC-1", terminal }))
        expect(rec2.body.order_id).toBe(saleOrderId({ sale_id: "B-REC-2", terminal }))

        expect([rec1, unknown, named, rec2].map((r) => r.body.customer_recognized_by)).toEqual(["card", null, null, "card"])
        expect(await orderOf(rec1.body.order_id)).toMatchObject({ customer_id: adaId, email: ada.email })
        expect(await orderOf(rec2.body.order_id)).toMatchObject({ customer_id: adaId, email: ada.email })
        expect((await orderOf(unknown.body.order_id)).customer_id).toBeNull()
        expect((await orderOf(named.body.order_id)).customer_id).toBe(await customerId("grace@example.com"))
      })

      it("a sale the batch sends through the single-sale path (into an order) keeps that order's customer", async () => {
        const ada = await registerCustomer(api as AxiosInstance, store.seed)
        await payOnline(KEPT_PAN, { customer: ada, keep: true })
        const other = await payOnline(KEPT_PAN, { keep: false })

        const res = await pos.salesBatch([tillSale("B-MERGED", KEPT_PAN, { order_id: other.id }), tillSale("B-NEW")])
        const [merged, fresh] = res.data.results
        expect(merged.status).toBe(201)
        expect(merged.body.customer_recognized_by).toBeNull()
        expect(other.customer_id).toEqual(expect.any(String))
        expect((await orderOf(other.id)).customer_id).toBe(other.customer_id)
        expect(fresh.body.customer_recognized_by).toBe("card")
      })
    })

    describe("earlier anonymous till orders attached when the customer keeps the card", () => {
      /** Anonymous till orders: two with the card (one single, one in a batch), one with another card, one in cash. */
      const anonymousTillOrders = async () => {
        const single = await pos.sales(tillSale("A-1"))
        const batch = await pos.salesBatch([tillSale("A-2"), tillSale("A-OTHER", UNKNOWN_PAN), tillSale("A-CASH", KEPT_PAN, { payments: [{ method: "cash", amount: 3000 }] as PosSale["payments"] })])
        const [two, other, cash] = batch.data.results.map((r: { body: { order_id: string; customer_recognized_by: string | null } }) => r.body)
        for (const body of [single.data, two, other, cash]) expect(body.customer_recognized_by).toBeNull()
        return { mine: [single.data.order_id as string, two.order_id as string], others: [other.order_id as string, cash.order_id as string] }
      }

      /** The card token of the card an order was paid with (its chain's). */
      const cardTokenOf = async (order_id: string) => {
        const { data } = await store.container.resolve(ContainerRegistrationKeys.QUERY).graph({
          entity: "order",
          fields: ["omnichannel_chains.card_token_id"],
          filters: { id: order_id },
        })
        return (data[0] as any).omnichannel_chains[0].card_token_id as string
      }

      /** The order is the customer's through exactly one confirmed Medusa transfer (its history shows it). */
      const expectAttachedOnce = async (order_id: string, customer_id: string, email: string | null) => {
        const order = await orderOf(order_id)
        expect(order.customer_id).toBe(customer_id)
        if (email) expect(order.email).toBe(email)
        const transfers = await transfersOf(order_id)
        expect(transfers).toHaveLength(1)
        expect(transfers[0].status).toBe(OrderChangeStatus.CONFIRMED)
        expect(transfers[0].actions!.map((a) => [a.action, a.reference_id])).toEqual([[ChangeActionType.TRANSFER_CUSTOMER, customer_id]])
      }

      it("keeping the card online attaches them (the kept card's event), and the job run twice after attaches nothing more", async () => {
        const { mine, others } = await anonymousTillOrders()
        const ada = await registerCustomer(api as AxiosInstance, store.seed)
        await payOnline(KEPT_PAN, { customer: ada, keep: true })
        const adaId = await customerId(ada.email)

        for (const id of mine) await expectAttachedOnce(id, adaId, ada.email)
        for (const id of others) {
          expect((await orderOf(id)).customer_id).toBeNull()
          expect(await transfersOf(id)).toHaveLength(0)
        }
        expect(await attachTillOrders(store.container)).toEqual([])
        expect(await attachTillOrders(store.container)).toEqual([])
        for (const id of mine) await expectAttachedOnce(id, adaId, ada.email)
      })

      it("the job finds a kept card the event never reached, attaches its orders once, and a second run attaches nothing", async () => {
        const { mine, others } = await anonymousTillOrders()
        const cardTokenId = await cardTokenOf(mine[0])
        // A guest (no account: Medusa's transfer request refuses them) whose kept card was linked without the event.
        const guest = await store.container.resolve(Modules.CUSTOMER).createCustomers({ email: "guest-kept@example.com", has_account: false })
        await store.container.resolve(ContainerRegistrationKeys.LINK).create({
          [Modules.CUSTOMER]: { customer_id: guest.id },
          omnichannel: { omnichannel_card_token_id: cardTokenId },
        })

        const first = await attachTillOrders(store.container)
        expect(first.map((r) => [r.order_id, r.attached, r.customer_id]).sort()).toEqual(mine.map((id) => [id, true, guest.id]).sort())
        expect(await attachTillOrders(store.container)).toEqual([])
        for (const id of mine) await expectAttachedOnce(id, guest.id, "guest-kept@example.com")
        for (const id of others) expect((await orderOf(id)).customer_id).toBeNull()
      })

      it("the job finishes a transfer a pass left requested (cut short before Medusa's acceptance)", async () => {
        const { mine } = await anonymousTillOrders()
        const ada = await registerCustomer(api as AxiosInstance, store.seed)
        const adaId = await customerId(ada.email)
        // What a pass that died between Medusa's request and its acceptance leaves.
        await requestOrderTransferWorkflow(store.container).run({ input: { order_id: mine[0], customer_id: adaId, logged_in_user: "omnichannel:recognized-by-card" } })
        await store.container.resolve(ContainerRegistrationKeys.LINK).create({
          [Modules.CUSTOMER]: { customer_id: adaId },
          omnichannel: { omnichannel_card_token_id: await cardTokenOf(mine[0]) },
        })

        const first = await attachTillOrders(store.container)
        expect(first.filter((r) => r.attached).map((r) => r.order_id).sort()).toEqual([...mine].sort())
        expect(await attachTillOrders(store.container)).toEqual([])
        for (const id of mine) await expectAttachedOnce(id, adaId, null)
      })

      it("a card kept by two customers attaches nothing", async () => {
        const { mine } = await anonymousTillOrders()
        const ada = await registerCustomer(api as AxiosInstance, store.seed)
        const byron = await registerCustomer(api as AxiosInstance, store.seed)
        await payOnline(KEPT_PAN, { customer: ada, keep: true })
        // Ada's card event ran first and attached the orders; Byron keeping the same card takes nothing from her.
        for (const id of mine) await expectAttachedOnce(id, await customerId(ada.email), ada.email)
        await payOnline(KEPT_PAN, { customer: byron, keep: true })
        for (const id of mine) await expectAttachedOnce(id, await customerId(ada.email), ada.email)

        // New anonymous orders with the now shared card stay anonymous, whatever runs.
        const later = await pos.sales(tillSale("A-LATER"))
        expect(later.data.customer_recognized_by).toBeNull()
        expect(await attachTillOrders(store.container)).toEqual([])
        expect((await orderOf(later.data.order_id)).customer_id).toBeNull()
      })
    })
  },
})
