/**
 * The widget and Medusa's own order sections tell the same story without a reload: an order
 * whose card is only authorized owes nothing and offers no link; Medusa's "Capture payment"
 * shows in the widget; a refund made in the widget shows in Medusa's Payments section.
 */
import assert from "node:assert/strict"
import { readdirSync, readFileSync } from "node:fs"
import path from "node:path"
import axios, { type AxiosInstance } from "axios"
import type { Page } from "playwright-core"
import { formatMinor } from "../../plugin/src/money/display"
import { checkout, TEST_CARDS } from "../../integration-tests/helpers/checkout"
import type { Check } from "../../integration-tests/helpers/checks"
import type { SeedResult } from "../../src/scripts/seed"

type Context = { page: Page; adminApi: AxiosInstance; seed: SeedResult; base: string; shots: string; builtAdmin: string }

const eur = (minor: number) => formatMinor(minor, "EUR")
const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")

/** Medusa's own "Total paid by customer" line in its Payments section, e.g. "€ 20.00 EUR". */
const medusaTotalPaid = (page: Page) => page.getByText("Total paid by customer", { exact: true }).locator("xpath=..")

/** Set once on the page: still there later proves that no reload happened in between. */
const markPage = (page: Page) => page.evaluate(() => ((window as any).__omniNotReloaded = true))
const assertNotReloaded = async (page: Page) =>
  assert.equal(await page.evaluate(() => (window as any).__omniNotReloaded), true, "the page was reloaded")

const timelineWords = (page: Page) => page.getByTestId("omni-operation-what").allInnerTexts()

export function orderRefreshChecks({ page, adminApi, seed, base, shots, builtAdmin }: Context): Check[] {
  let orderId = ""
  let total = 0

  return [
    {
      name: "the built admin holds one react-query: the widget uses the dashboard's own QueryClient",
      run: async () => {
        // Each copy of @tanstack/react-query carries this message once; a second copy would
        // give the widget a client of its own that Medusa's invalidations never reach.
        const assets = path.join(builtAdmin, "assets")
        const copies = readdirSync(assets)
          .filter((f) => f.endsWith(".js"))
          .reduce((n, f) => n + readFileSync(path.join(assets, f), "utf8").split("No QueryClient set").length - 1, 0)
        assert.equal(copies, 1, `react-query is bundled ${copies} times in ${assets}`)
      },
    },
    {
      name: "an order whose card is authorized online (not captured) owes nothing and offers no payment link for its total",
      run: async () => {
        const placed = await checkout(axios.create({ baseURL: base }), seed, { card: TEST_CARDS.approved, sku: "SHIRT-M", quantity: 1 })
        assert.ok(placed.order, `checkout did not make an order: ${JSON.stringify(placed.completed?.data)}`)
        orderId = placed.order.id as string
        for (let i = 0; i < 40; i++) {
          if ((await adminApi.get(`/admin/omnichannel/chains?order_id=${orderId}`)).data.chains.length) break
          await new Promise((r) => setTimeout(r, 250))
        }
        const order = (await adminApi.get(`/admin/orders/${orderId}?fields=total,*payment_collections.payments`)).data.order
        total = Math.round(Number(order.total) * 100)
        assert.equal(order.payment_collections[0].payments[0].captured_at, null, "the online payment was captured at checkout")

        await page.goto(`${base}/app/orders/${orderId}`)
        await page.getByTestId("omni-payment-links").waitFor()
        assert.equal(await page.getByTestId("omni-outstanding").innerText(), eur(0))
        assert.ok(await page.getByTestId("omni-request-payment").isDisabled(), "Request payment is offered for an authorized order")
        assert.equal(await page.getByTestId("omni-total-paid").innerText(), eur(0))
        assert.equal(await page.getByTestId("omni-total-authorized").innerText(), eur(total))
        assert.deepEqual(await timelineWords(page), ["Card authorized"])
        // The customer did not agree to keep the card: it cannot be charged again.
        assert.equal(await page.getByTestId("omni-open-subsequent").count(), 0)
        // Nor does the API make a link for what the card already covers.
        const asked = await adminApi.post(`/admin/omnichannel/orders/${orderId}/payment-links`, {}).catch((err) => err.response)
        assert.equal(asked.status, 422, `a link was made for an authorized order: ${JSON.stringify(asked.data)}`)
        assert.deepEqual((await adminApi.get(`/admin/omnichannel/orders/${orderId}/payment-links`)).data.payment_links, [])
        await page.getByTestId("omni-order-widget").screenshot({ path: path.join(shots, "12-authorized-owes-nothing.png") })
      },
    },
    {
      name: "after Medusa's own \"Capture payment\", the widget shows the amount paid without a reload",
      run: async () => {
        await markPage(page)
        await page.getByRole("button", { name: "Capture payment" }).click()
        await page.getByRole("button", { name: "Confirm", exact: true }).click()
        await page.waitForFunction(
          (paid) => document.querySelector('[data-testid="omni-total-paid"]')?.textContent === paid,
          eur(total)
        )
        assert.equal(await page.getByTestId("omni-total-authorized").innerText(), eur(0))
        assert.deepEqual(await timelineWords(page), ["Card authorized", "Captured"])
        assert.equal(await page.getByTestId("omni-outstanding").innerText(), eur(0))
        await assertNotReloaded(page)
        await page.screenshot({ path: path.join(shots, "13-medusa-capture-in-widget.png"), fullPage: true })
      },
    },
    {
      name: "after a refund made in the widget, Medusa's own Payments section shows it without a reload",
      run: async () => {
        assert.match(await medusaTotalPaid(page).innerText(), new RegExp(`${escaped(formatMinor(total, "EUR").split(" ")[0])} EUR`))
        await markPage(page)
        await page.getByTestId("omni-open-refund").click()
        await page.getByTestId("omni-amount").fill("5.00")
        await page.getByTestId("omni-text").fill("RET-E2E-REFRESH")
        await page.getByTestId("omni-submit").click()
        await page.getByTestId("omni-action-form").waitFor({ state: "detached" })
        const paidNow = formatMinor(total - 500, "EUR").split(" ")[0]
        await medusaTotalPaid(page).filter({ hasText: new RegExp(`${escaped(paidNow)} EUR`) }).waitFor()
        // Medusa's refund row under the card payment, with its amount.
        const payments = medusaTotalPaid(page).locator("xpath=../..")
        assert.match(await payments.innerText(), /Refund[\s\S]*5\.00/)
        assert.deepEqual(await timelineWords(page), ["Card authorized", "Captured", "Refund to card"])
        await assertNotReloaded(page)
        await page.screenshot({ path: path.join(shots, "14-widget-refund-in-medusa.png"), fullPage: true })
      },
    },
  ]
}
