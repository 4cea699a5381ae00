import { resolve } from "path"
import { TestEventUtils } from "@medusajs/test-utils"
import { Modules } from "@medusajs/framework/utils"
import type { AxiosInstance } from "axios"
import { seededStore } from "../helpers/admin"
import { storeTestRunner } from "../helpers/store-runner"
import { placeOrder, TEST_CARDS } from "../helpers/checkout"
import { REFUSED_DOMAIN } from "../helpers/refusing-email-provider"
import { renderOrderConfirmation } from "../../src/emails/order-confirmation"

jest.setTimeout(300 * 1000)

/**
 * The reference store's order confirmation (src/subscribers/order-confirmation.ts): the
 * storefront's confirmation page says one is sent to the customer's email, and it is, through
 * Medusa's Notification Module, once per order; a provider that fails never fails the order.
 */
storeTestRunner({
  env: {
    OMNI_TOKEN_KEY: "order-confirmation-suite-token-key-0123456789",
    // The "email" channel's provider: notification-local, refusing one domain (see the helper).
    OMNI_EMAIL_PROVIDER: resolve(__dirname, "../helpers/refusing-email-provider"),
  },
  testSuite: ({ api, getContainer }) => {
    const store = seededStore(api, getContainer)

    const emailsTo = async (to: string) =>
      (await store.container.resolve(Modules.NOTIFICATION).listNotifications({ channel: "email", to }, { order: { created_at: "ASC" } })) as any[]

    describe("the order confirmation email", () => {
      it("an order placed online sends its customer one confirmation; the event delivered again sends none", async () => {
        const { order, email } = await placeOrder(api as AxiosInstance, store.container, store.seed, { card: TEST_CARDS.approved, quantity: 2 })
        expect(order).toBeTruthy()

        const [confirmation, ...more] = await emailsTo(email)
        expect(more).toEqual([])
        expect(confirmation).toEqual(
          expect.objectContaining({
            to: email,
            channel: "email",
            template: "order-confirmation",
            status: "success",
            trigger_type: "order.placed",
            resource_type: "order",
            resource_id: order.id,
            idempotency_key: `order-confirmation:${order.id}`,
          })
        )
        // What the storefront's page showed: the order's number and total (Medusa's major units).
        expect(confirmation.data).toEqual(
          expect.objectContaining({
            order_id: order.id,
            display_id: order.display_id,
            currency_code: "eur",
            total: Number(order.total),
            items: [expect.objectContaining({ title: expect.stringContaining("Shirt"), quantity: 2 })],
            shipping: [expect.objectContaining({ name: "Standard shipping" })],
          })
        )
        // The email the store renders from it (the content a provider sends as is; Medusa does not store it).
        const email_ = renderOrderConfirmation(confirmation.data)
        expect(email_.subject).toBe(`Omnichannel reference store: your order #${order.display_id} is confirmed`)
        expect(email_.text).toContain(`Total: ${new Intl.NumberFormat("en-GB", { style: "currency", currency: "EUR" }).format(Number(order.total))}`)

        // The event comes again (a redelivery): no second email.
        const eventBus = store.container.resolve(Modules.EVENT_BUS)
        const again = TestEventUtils.waitSubscribersExecution("order.placed", eventBus as any)
        await eventBus.emit({ name: "order.placed", data: { id: order.id } })
        await again
        expect(await emailsTo(email)).toHaveLength(1)
      })

      it("a provider that refuses the address fails neither the order nor its checkout; the email is kept as failed", async () => {
        const email = `shopper${REFUSED_DOMAIN}`
        const { order, completed } = await placeOrder(api as AxiosInstance, store.container, store.seed, {
          card: TEST_CARDS.approved,
          customer: { email, headers: { "x-publishable-api-key": store.seed.publishable_key } },
        })
        expect(completed.status).toBe(200)
        expect(order).toBeTruthy()
        expect((await emailsTo(email)).map((e) => [e.template, e.status, e.resource_id])).toEqual([["order-confirmation", "failure", order.id]])
      })
    })
  },
})
