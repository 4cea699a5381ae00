/**
 * One customer across channels (DESIGN 7.3) on Medusa's customer page: a customer buys
 * online and keeps the card, pays with it at a till, then pays a link for a till deposit's
 * balance with it. The "Across channels" widget shows the money per channel, the card with
 * the three channels it paid in, and the purchases, each linking to its order.
 */
import assert from "node:assert/strict"
import path from "node:path"
import axios, { type AxiosInstance } from "axios"
import type { Page } from "playwright-core"
import { formatMinor } from "../../plugin/src/money/display"
import { PosClient, computeOfflineToken } from "../../plugin/src/pos-client"
import { checkout, registerCustomer, TEST_CARDS, tokenizeInHostedForm } from "../../integration-tests/helpers/checkout"
import type { Check } from "../../integration-tests/helpers/checks"
import { tokenKey } from "../../src/demo-token-key"
import type { SeedResult } from "../../src/scripts/seed"

type Context = { page: Page; adminApi: AxiosInstance; seed: SeedResult; base: string; shots: string }

export function customerActivityChecks({ page, adminApi, seed, base, shots }: Context): Check[] {
  const run = Date.now().toString(36)
  const store = axios.create({ baseURL: base })
  const story = { customerId: "", orderIds: [] as string[], crmToken: "" }

  /** The customer's three purchases, through the same APIs a shop, a till and a link page use. */
  const buyEverywhere = async () => {
    const customer = await registerCustomer(store, seed)
    const placed = await checkout(store, seed, { card: TEST_CARDS.approved, store_credentials: true, customer, sku: "SHIRT-M", quantity: 1 })
    assert.ok(placed.order, `checkout did not make an order: ${JSON.stringify(placed.completed?.data)}`)
    const online = (await adminApi.get(`/admin/orders/${placed.order.id}?fields=customer_id,*payment_collections.payments`)).data.order
    await adminApi.post(`/admin/payments/${online.payment_collections[0].payments[0].id}/capture`, {})
    story.customerId = online.customer_id

    const { terminal, secret } = (await adminApi.post("/admin/omnichannel/terminals", { name: `Customer till (e2e ${run})`, stock_location_id: seed.stock_location_ids.store_paris })).data
    const pos = new PosClient({ baseUrl: base, terminalId: terminal.id, secret })
    const card = { brand: "visa", bin: "424242", last4: "4242", offline_token: computeOfflineToken(tokenKey(), TEST_CARDS.approved) }
    const till = await pos.sales({
      sale_id: `E2E-CUST-TILL-${run}`,
      occurred_at: new Date().toISOString(),
      currency_code: "EUR",
      customer: { email: customer.email },
      items: [{ sku: "TOTE-NATURAL", quantity: 1, unit_price: 1250, fulfilled: true }],
      payments: [{ method: "card", amount: 1250, acquirer_reference: `E2E-CUST-${run}`, card }],
    })
    assert.equal(till.status, 201, JSON.stringify(till.data))
    const deposit = await pos.sales({
      sale_id: `E2E-CUST-DEPOSIT-${run}`,
      occurred_at: new Date().toISOString(),
      currency_code: "EUR",
      customer: { email: customer.email },
      items: [{ sku: "SNEAKER-40", quantity: 1, unit_price: 7990, fulfilled: false }],
      payments: [{ method: "cash", amount: 2000 }],
    })
    assert.equal(deposit.status, 201, JSON.stringify(deposit.data))
    const { payment_link: link } = (await adminApi.post(`/admin/omnichannel/orders/${deposit.data.order_id}/payment-links`, {})).data
    const token = decodeURIComponent(link.url.split("/").pop())
    const shop = { headers: { "x-publishable-api-key": seed.publishable_key } }
    const form = (await store.post(`/store/omnichannel/payment-links/${token}/pay`, {}, shop)).data
    const hostedId = await tokenizeInHostedForm(store, form.hosted_card, TEST_CARDS.approved)
    const paid = (await store.post(`/store/omnichannel/payment-links/${token}/pay`, { hosted_tokenization_id: hostedId, return_url: `${link.url}?returned=1` }, shop)).data
    assert.equal(paid.status, "paid", JSON.stringify(paid))
    story.orderIds = [placed.order.id, till.data.order_id, deposit.data.order_id]
    story.crmToken = till.data.crm_token
  }

  return [
    {
      name: "customer page: the 'Across channels' widget shows online, in-store and link payments, the card with its three channels, and purchases linking to their orders",
      run: async () => {
        await buyEverywhere()
        const activity = (await adminApi.get(`/admin/omnichannel/customers/${story.customerId}/activity`)).data
        assert.equal(activity.count, 3)

        await page.goto(`${base}/app/customers/${story.customerId}`)
        const widget = page.getByTestId("omni-customer-widget")
        await widget.waitFor()
        assert.match(await widget.getByRole("heading").first().innerText(), /Across channels/)

        // Money per channel, as the API adds it up from the chains.
        const totals = activity.totals.find((t: any) => t.currency_code === "EUR")
        for (const channel of ["online", "in_store", "pay_by_link"]) {
          const row = (await widget.getByTestId(`omni-customer-channel-${channel}`).innerText()).replace(/\s+/g, " ")
          assert.ok(row.includes(formatMinor(totals.by_channel[channel].paid, "EUR")), `${channel}: ${row}`)
        }
        assert.equal((await widget.getByTestId("omni-customer-paid").innerText()).trim(), formatMinor(totals.paid, "EUR"))

        // The one card kept online, seen in the three channels.
        const card = widget.getByTestId("omni-customer-card")
        assert.equal(await card.count(), 1)
        assert.equal((await card.getByTestId("omni-customer-card-channels").innerText()).trim(), "In store, Online, Payment link")
        assert.match(await card.getByTestId("omni-customer-card-token").innerText(), new RegExp(`^${story.crmToken.slice(0, 6)}•+${story.crmToken.slice(-4)}$`))

        // Each purchase links to its order in Medusa's admin; following one opens that order.
        const purchases = widget.getByTestId("omni-customer-purchase")
        assert.equal(await purchases.count(), 3)
        const hrefs = await widget.getByTestId("omni-customer-purchase").getByTestId("omni-customer-order-link").evaluateAll((links) => links.map((a) => a.getAttribute("href")))
        assert.deepEqual([...hrefs].sort(), story.orderIds.map((id) => `/app/orders/${id}`).sort())
        await widget.screenshot({ path: path.join(shots, "14-customer-across-channels.png") })

        await purchases.first().getByTestId("omni-customer-order-link").click()
        await page.waitForURL((url) => url.pathname === hrefs[0])
        await page.getByTestId("omni-order-widget").waitFor()
      },
    },
  ]
}
