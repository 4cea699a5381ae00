import { Modules } from "@medusajs/framework/utils"
import { TestEventUtils } from "@medusajs/test-utils"
import type { AxiosInstance } from "axios"
import { computeOfflineToken, type PosSale } from "../../plugin/src/pos-client"
import { attachTillOrders } from "../../plugin/src/jobs/attach-till-orders"
import { CARD_KEPT } from "../../plugin/src/workflows/customers/events"
import { storeTestRunner } from "../helpers/store-runner"
import { seededStore } from "../helpers/admin"
import { newTill } from "../helpers/till-sale"
import { placeOrder, registerCustomer, TEST_CARDS } from "../helpers/checkout"

jest.setTimeout(300 * 1000)

const TOKEN_KEY = "customer-recognition-off-suite-token-key-01"

// Option recognizeCustomers left at its default ("off"); "by_card" in customer-recognition.spec.ts.
// Its own file: medusa-config.ts is loaded once per test file, so one file runs one set of options.
storeTestRunner({
  env: { OMNI_TOKEN_KEY: TOKEN_KEY, OMNI_RECOGNIZE_CUSTOMERS: undefined },
  testSuite: ({ api, getContainer }) => {
    const store = seededStore(api, getContainer)
    const orders = () => store.container.resolve(Modules.ORDER)
    const tillSale = (sale_id: string): PosSale => ({
      sale_id,
      occurred_at: new Date().toISOString(),
      currency_code: "EUR",
      items: [{ sku: "SHIRT-M", quantity: 2, unit_price: 1500, fulfilled: true }],
      payments: [
        {
          method: "card",
          amount: 3000,
          acquirer_reference: `T-${sale_id}`,
          card: { brand: "visa", bin: "424242", last4: "4242", offline_token: computeOfflineToken(TOKEN_KEY, TEST_CARDS.approved) },
        },
      ],
    })
    const customerOf = async (id: string) => (await orders().retrieveOrder(id, { select: ["customer_id"] })).customer_id

    describe("option recognizeCustomers off (the default)", () => {
      it("till sales with a card a customer kept stay anonymous, and earlier ones are not attached, by the event or the job", async () => {
        const { pos } = await newTill(api as AxiosInstance, store.headers, { name: "Paris till 1", stock_location_id: store.seed.stock_location_ids.store_paris })
        const earlier = await pos.sales(tillSale("OFF-EARLIER"))
        expect(earlier.status).toBe(201)

        const ada = await registerCustomer(api as AxiosInstance, store.seed)
        const kept = TestEventUtils.waitSubscribersExecution(CARD_KEPT, store.container.resolve(Modules.EVENT_BUS), { timeout: 60_000 })
        const { order } = await placeOrder(api, store.container, store.seed, { card: TEST_CARDS.approved, store_credentials: true, customer: ada })
        expect(order).toBeTruthy()
        await kept
        // The card is kept: with the option on, these sales would be Ada's.
        const [ada_] = await store.container.resolve(Modules.CUSTOMER).listCustomers({ email: ada.email }, { relations: [] })
        const { data } = await store.container.resolve("query").graph({ entity: "customer", fields: ["omnichannel_card_tokens.id"], filters: { id: ada_.id } })
        expect((data[0] as any).omnichannel_card_tokens).toHaveLength(1)

        const single = await pos.sales(tillSale("OFF-SINGLE"))
        expect(single.status).toBe(201)
        expect(single.data.customer_recognized_by).toBeNull()
        const batch = await pos.salesBatch([tillSale("OFF-BATCH")])
        expect(batch.data.results[0].status).toBe(201)
        expect(batch.data.results[0].body.customer_recognized_by).toBeNull()

        expect(await attachTillOrders(store.container)).toEqual([])
        for (const id of [earlier.data.order_id, single.data.order_id, batch.data.results[0].body.order_id]) {
          expect(await customerOf(id)).toBeNull()
          expect(await orders().listOrderChanges({ order_id: id, change_type: "transfer" } as never)).toHaveLength(0)
        }
      })
    })
  },
})
