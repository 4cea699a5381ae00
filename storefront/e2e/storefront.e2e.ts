/**
 * The demo storefront's end-to-end suite: the reference store running for real (sandbox
 * acquirer), its /shop page in real headless Chromium. Five journeys: a frictionless card,
 * a 3-D Secure challenge passed, one failed (no order, words on the page), a returning
 * customer paying with the card kept at their first purchase, and a customer paying what is
 * left on a till order through the payment link the merchant sent. Each checks what the page
 * shows and what the store recorded. Screenshots go to storefront/screenshots/.
 */
import assert from "node:assert/strict"
import { spawn } from "node:child_process"
import { mkdirSync, readdirSync, rmSync } from "node:fs"
import path from "node:path"
import axios from "axios"
import { type Browser, type Page, type Request } from "playwright-core"
import { launchChromium } from "../../integration-tests/helpers/chromium"
import { adminClient, seedOf, waitForStore } from "../../integration-tests/helpers/running-store"
import { reportChecks, runChecks, type Check, type CheckResult } from "../../integration-tests/helpers/checks"
import { StoreApi } from "../../integration-tests/helpers/store-api"
import { tillDepositWithLink } from "../../integration-tests/helpers/till-sale"
import { addToCartAndCheckout, CARDS, confirmedOrder, pay, register, typeCard } from "./shop-page"

const PORT = Number(process.env.STOREFRONT_E2E_PORT ?? 9200)
const BASE = `http://localhost:${PORT}`
const SHOTS = path.join(__dirname, "..", "screenshots")

const results: CheckResult[] = []
const unique = (name: string) => `${name}-${Date.now()}-${Math.random().toString(36).slice(2, 6)}@example.com`

/** Every request the page sends to a Medusa route other than the sandbox's card page must be free of card numbers. */
function watchForCardNumbers(page: Page, seen: string[]) {
  page.on("request", (req: Request) => {
    const url = new URL(req.url())
    if (url.pathname.startsWith("/omnichannel/sandbox/hosted-card/")) return
    const body = req.postData() ?? ""
    if (/\b(?:4242424242424242|4000000000003220|4000000000003238)\b/.test(body + url.search)) seen.push(`${req.method()} ${url.pathname}`)
  })
}

async function main() {
  mkdirSync(SHOTS, { recursive: true })
  // A failure shot from an earlier run would pass for this one's.
  for (const f of readdirSync(SHOTS)) if (f.startsWith("failed-")) rmSync(path.join(SHOTS, f))
  const server = spawn("bash", [path.join(__dirname, "../../integration-tests/helpers/start-built-store.sh")], {
    stdio: ["ignore", "inherit", "inherit"],
    detached: true,
    env: {
      ...process.env,
      E2E_PORT: String(PORT),
      E2E_DATABASE_URL: process.env.STOREFRONT_E2E_DATABASE_URL ?? "postgres://postgres@localhost:5432/omnichannel_storefront_e2e",
      E2E_LOG_DIR: "/tmp/omni-storefront-e2e",
      // The links the merchant sends point at this store's pay page.
      OMNI_PAYMENT_LINK_URL: `${BASE}/shop/pay/{token}`,
    },
  })
  const stopServer = () => {
    try {
      process.kill(-server.pid!, "SIGTERM")
    } catch {}
  }
  process.on("exit", stopServer)
  let browser: Browser | null = null

  try {
    await waitForStore(BASE, Date.now() + 240_000, () => server.exitCode === null)
    browser = await launchChromium()
    const adminApi = await adminClient(BASE)
    const seed = await seedOf(adminApi)
    const storeApi = axios.create({ baseURL: BASE, headers: { "x-publishable-api-key": seed.publishable_key } })
    const leaks: string[] = []
    let page: Page = null as unknown as Page
    const freshPage = async () => {
      await page?.context().close()
      const context = await browser!.newContext({ viewport: { width: 1280, height: 1100 } })
      page = await context.newPage()
      page.setDefaultTimeout(30_000)
      watchForCardNumbers(page, leaks)
      return page
    }

    /** The order as the admin API has it, with its payment's provider data. */
    const orderOf = async (id: string) => {
      const { data, status } = await adminApi.get(`/admin/orders/${id}?fields=id,display_id,email,customer_id,*payment_collections.payments`)
      assert.equal(status, 200, `the order ${id} is not in the store`)
      return data.order
    }
    const paymentOf = (order: any) => order.payment_collections[0].payments[0]
    const text = async (testId: string) => (await page.getByTestId(testId).first().innerText()).trim()

    const checks: Check[] = [
      {
        name: "a guest pays with a frictionless card and sees the confirmation with the order",
        run: async () => {
          const email = unique("frictionless")
          await freshPage()
          await addToCartAndCheckout(page, BASE, email)
          await page.screenshot({ path: path.join(SHOTS, "01-card-form.png"), fullPage: true })
          await typeCard(page, CARDS.frictionless)
          await pay(page)
          const shown = await confirmedOrder(page)
          const order = await orderOf(shown.id)
          assert.equal(shown.number, `Order #${order.display_id}`)
          assert.equal(order.email, email)
          const payment = paymentOf(order)
          assert.equal(payment.provider_id, "pp_omnichannel_card")
          assert.equal(payment.data.card.last4, "4242")
          assert.match(payment.data.payment_id, /^\d{19}$/)
          await page.screenshot({ path: path.join(SHOTS, "02-confirmation.png"), fullPage: true })
        },
      },
      {
        name: "a 3-D Secure challenge passed on the issuer's page comes back to the confirmation",
        run: async () => {
          const email = unique("challenge")
          await freshPage()
          await addToCartAndCheckout(page, BASE, email)
          await typeCard(page, CARDS.challenge)
          await pay(page)
          await page.waitForURL(/\/omnichannel\/sandbox\/3ds\//)
          await page.screenshot({ path: path.join(SHOTS, "03-challenge.png"), fullPage: true })
          await page.getByRole("button", { name: "Authenticate" }).click()
          await page.waitForURL(/\/shop\/return\/[^?]+\?(.+&)?paymentId=/)
          const shown = await confirmedOrder(page)
          const order = await orderOf(shown.id)
          assert.equal(order.email, email)
          assert.equal(paymentOf(order).data.card.last4, "3220")
          await page.screenshot({ path: path.join(SHOTS, "04-challenge-confirmation.png"), fullPage: true })
        },
      },
      {
        name: "a 3-D Secure challenge that fails makes no order and the page says why",
        run: async () => {
          const email = unique("challenge-failed")
          await freshPage()
          await addToCartAndCheckout(page, BASE, email)
          await typeCard(page, CARDS.challengeFails)
          await pay(page)
          await page.waitForURL(/\/omnichannel\/sandbox\/3ds\//)
          await page.getByRole("button", { name: "Authenticate" }).click()
          await page.waitForURL(/\/shop\/return\//)
          await page.getByTestId("checkout-error").waitFor()
          assert.match(await page.getByTestId("error-message").innerText(), /authenticat/i)
          assert.equal(await page.getByTestId("confirmation").count(), 0)
          const cartId = new URL(page.url()).pathname.split("/").pop()!
          const { data: cart } = await storeApi.get(`/store/carts/${cartId}`)
          assert.equal(cart.cart.completed_at, null, "the cart was completed")
          const { data } = await adminApi.get("/admin/orders?fields=id,email&limit=500")
          assert.deepEqual(data.orders.filter((o: { email: string }) => o.email === email), [], `an order was made for ${email}`)
          await page.screenshot({ path: path.join(SHOTS, "05-challenge-failed.png"), fullPage: true })
        },
      },
      {
        name: "a returning customer pays with the card kept at their first purchase, without typing it",
        run: async () => {
          const email = unique("returning")
          await freshPage()
          await register(page, BASE, email, "kept-card-1")
          await addToCartAndCheckout(page, BASE, null)
          await typeCard(page, CARDS.frictionless)
          await page.getByTestId("keep-card").check()
          await pay(page)
          const first = await orderOf((await confirmedOrder(page)).id)
          assert.ok(first.customer_id, "the first order is not the customer's")

          await addToCartAndCheckout(page, BASE, null)
          await page.getByTestId("saved-cards").waitFor()
          const kept = page.getByTestId("saved-card-4242")
          assert.ok(await kept.isChecked(), "the kept card is not offered first")
          assert.equal(await page.locator('[data-testid="card-form"] iframe').count(), 0, "the card form was opened although a kept card is chosen")
          await page.screenshot({ path: path.join(SHOTS, "06-saved-card.png"), fullPage: true })
          await pay(page)
          const second = await orderOf((await confirmedOrder(page)).id)
          assert.equal(second.customer_id, first.customer_id)
          assert.equal(paymentOf(second).data.card.last4, "4242")
          assert.equal(paymentOf(second).data.externalTokenLinked.generatedToken, paymentOf(first).data.externalTokenLinked.generatedToken)
          await page.screenshot({ path: path.join(SHOTS, "07-saved-card-confirmation.png"), fullPage: true })
        },
      },
      {
        name: "a customer pays what is left on a till order through the merchant's payment link, passing 3-D Secure; the link then says it is paid",
        run: async () => {
          // A deposit at the till: 10.00 EUR cash on a 30.00 EUR basket, 20.00 EUR left to pay.
          const { orderId, link } = await tillDepositWithLink(adminApi, seed.stock_location_ids.store_paris, unique("link"))
          assert.deepEqual([link.amount, link.currency_code, link.status], [2000, "EUR", "open"])
          assert.ok(link.url.startsWith(`${BASE}/shop/pay/`), `the link points elsewhere: ${link.url}`)

          await freshPage()
          const opened = await page.goto(link.url)
          // The URL is the customer's key to the link: kept by no cache, sent on to no one.
          assert.equal(opened?.headers()["cache-control"], "no-store")
          assert.equal(opened?.headers()["referrer-policy"], "no-referrer")
          await page.getByTestId("pay-link-summary").waitFor()
          const { display_id } = (await adminApi.get(`/admin/orders/${orderId}?fields=id,display_id`)).data.order
          assert.match(await text("pay-link-summary"), new RegExp(`order #${display_id}\\b`))
          assert.match(await text("pay-link-total"), /€30\.00$/)
          assert.match(await text("pay-link-paid"), /€10\.00$/)
          assert.match(await text("pay-link-due"), /€20\.00$/)
          assert.equal(await text("pay"), "Pay €20.00")
          await typeCard(page, CARDS.challenge)
          await page.screenshot({ path: path.join(SHOTS, "08-payment-link.png"), fullPage: true })
          await pay(page)
          await page.waitForURL(/\/omnichannel\/sandbox\/3ds\//)
          await page.getByRole("button", { name: "Authenticate" }).click()
          await page.waitForURL((url) => url.pathname === new URL(link.url).pathname)
          await page.getByTestId("payment-received").waitFor()
          assert.match(await text("received-amount"), new RegExp(`^€20\\.00 paid towards order #${display_id}\\.`))
          await page.screenshot({ path: path.join(SHOTS, "09-payment-link-paid.png"), fullPage: true })

          // Medusa's own order summary: nothing left to pay.
          const { summary } = (await adminApi.get(`/admin/orders/${orderId}?fields=id,summary.*`)).data.order
          assert.equal(Number(summary.pending_difference), 0, `still outstanding: ${JSON.stringify(summary)}`)
          assert.equal(Number(summary.paid_total), 30)
          const listed = (await adminApi.get(`/admin/omnichannel/orders/${orderId}/payment-links`)).data
          assert.equal(listed.payment_links[0].status, "paid")
          assert.equal(listed.outstanding.amount, 0)

          // The email's link opened again: no second payment offered.
          await page.goto(link.url)
          await page.getByTestId("pay-link-closed").waitFor()
          assert.equal(await page.getByTestId("pay-link-closed").getAttribute("data-status"), "paid")
          assert.match(await text("pay-link-closed"), /This payment link has already been paid/)
          assert.equal(await page.getByTestId("card-form").count(), 0, "a card form is offered on a paid link")
          assert.equal(await page.locator("iframe").count(), 0)
          assert.equal(await page.getByTestId("pay").count(), 0)
          await page.screenshot({ path: path.join(SHOTS, "10-payment-link-already-paid.png"), fullPage: true })
        },
      },
      {
        name: "plain React 18: the kit's card form and useOmnichannelCardPayment pay a cart, through 3-D Secure back to the page, and place the order themselves",
        run: async () => {
          const storeApi = new StoreApi(BASE, seed.publishable_key)
          for (const card of [CARDS.frictionless, CARDS.challenge]) {
            const email = unique("react")
            const cartId = await storeApi.readyCart(email)
            await freshPage()
            await page.goto(`${BASE}/shop/react?cart=${cartId}`)
            await typeCard(page, card, "[data-omnichannel-card-form]")
            await page.getByTestId("react-pay").click()
            if (card === CARDS.challenge) {
              await page.waitForURL(/\/omnichannel\/sandbox\/3ds\//)
              await page.getByRole("button", { name: "Authenticate" }).click()
              await page.waitForURL((url) => url.pathname === "/shop/react" && url.searchParams.get("omnichannel_cart") === cartId)
            }
            const shown = await page.getByTestId("react-order").innerText({ timeout: 60_000 })
            const { data } = await adminApi.get(`/admin/orders?q=${encodeURIComponent(email)}&fields=id,display_id,email`)
            const order = data.orders.find((o: { email: string }) => o.email === email)
            assert.ok(order, `no order for ${email}`)
            assert.equal(shown, `Order #${order.display_id}`)
            assert.equal(paymentOf(await orderOf(order.id)).data.card.last4, card.slice(-4))
            assert.ok((await storeApi.cart(cartId)).completed_at, "the cart is not completed")
          }
          await page.screenshot({ path: path.join(SHOTS, "10-react-order.png"), fullPage: true })
        },
      },
      {
        name: "no request from the shop's pages (the pay page too) carried a card number to the store",
        run: async () => {
          assert.deepEqual(leaks, [])
        },
      },
    ]

    // The journeys do not build on each other: each runs whatever happened before.
    for (const check of checks) {
      await runChecks([check], results, async () => {
        await page?.screenshot({ path: path.join(SHOTS, `failed-${results.length}.png`), fullPage: true })
      })
    }
  } finally {
    await browser?.close()
    stopServer()
  }

  process.exit(reportChecks("storefront", results, "(screenshots in storefront/screenshots)") ? 1 : 0)
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
