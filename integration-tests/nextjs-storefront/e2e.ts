/**
 * A Next.js 15 app-router storefront shaped like Medusa's starter (./app), paying through
 * medusa-plugin-omnichannel-storefront's React kit installed from its tarball, against the
 * reference store (sandbox acquirer) in headless Chromium. The store is on 127.0.0.1, the
 * storefront on localhost: two sites, so the issuer's page coming back is a cross-site
 * navigation and the starter's SameSite=Strict cart cookie is not sent with it, as in
 * production. Journeys: a frictionless card, 3-D Secure passed, 3-D Secure failed then paid,
 * a customer's kept card, two payment links; no request from the pages carries a card number.
 * Screenshots in integration-tests/nextjs-storefront/screenshots/.
 */
import assert from "node:assert/strict"
import { spawn, type ChildProcess } from "node:child_process"
import { mkdirSync, readdirSync, rmSync } from "node:fs"
import path from "node:path"
import { type Browser, type BrowserContext, type Page } from "playwright-core"
import { launchChromium } from "../helpers/chromium"
import { reportChecks, runChecks, type Check, type CheckResult } from "../helpers/checks"
import { adminClient, seedOf, waitForStore } from "../helpers/running-store"
import { buildApp, ensureKitBuilt } from "./build-cache"
import { glueLinesPerFile } from "./glue"
import { answerChallenge, CARDS, CardNumberWatch, choosePayment, confirmedOrder, placeOrder, typeCard } from "./pages"
import { tillDepositWithLink } from "../helpers/till-sale"
import { StoreApi } from "../helpers/store-api"
import { fixPublishableKey, PUBLISHABLE_KEY } from "./store"

const STORE_PORT = Number(process.env.NEXTJS_E2E_STORE_PORT ?? 9300)
const APP_PORT = Number(process.env.NEXTJS_E2E_APP_PORT ?? 8300)
const BACKEND = `http://127.0.0.1:${STORE_PORT}`
const APP = `http://localhost:${APP_PORT}`
const DATABASE_URL = process.env.NEXTJS_E2E_DATABASE_URL ?? "postgres://postgres@localhost:5432/omnichannel_nextjs_e2e"
const SHOTS = path.join(__dirname, "screenshots")
const unique = (name: string) => `${name}-${Date.now()}-${Math.random().toString(36).slice(2, 6)}@example.com`
const secondsSince = (t: number) => ((Date.now() - t) / 1000).toFixed(1)

function startDetached(cmd: string, args: string[], env: NodeJS.ProcessEnv, cwd?: string): ChildProcess {
  const child = spawn(cmd, args, { cwd, env, stdio: ["ignore", "inherit", "inherit"], detached: true })
  process.on("exit", () => {
    try {
      process.kill(-child.pid!, "SIGTERM")
    } catch {}
  })
  return child
}

async function waitForApp(deadline: number, alive: () => boolean) {
  while (Date.now() < deadline) {
    if (!alive()) throw new Error("next start exited")
    if (await fetch(`${APP}/fr/account`).then((r) => r.ok, () => false)) return
    await new Promise((r) => setTimeout(r, 300))
  }
  throw new Error(`the storefront did not answer ${APP} in time`)
}

async function main() {
  const started = Date.now()
  mkdirSync(SHOTS, { recursive: true })
  for (const f of readdirSync(SHOTS)) if (f.startsWith("failed-")) rmSync(path.join(SHOTS, f))
  const results: CheckResult[] = []
  let browser: Browser | null = null
  try {
    const kitPhases = ensureKitBuilt()
    // The store builds and seeds while the storefront installs and builds.
    const store = startDetached("bash", [path.join(__dirname, "../helpers/start-built-store.sh")], {
      ...process.env,
      E2E_PORT: String(STORE_PORT),
      E2E_DATABASE_URL: DATABASE_URL,
      E2E_LOG_DIR: "/tmp/omni-nextjs-e2e",
      STORE_CORS: APP,
      // The links the merchant sends open the storefront's pay page (the seed's EU region has France).
      OMNI_PAYMENT_LINK_URL: `${APP}/fr/pay/{token}`,
    })
    const publicEnv = { NEXT_PUBLIC_MEDUSA_BACKEND_URL: BACKEND, NEXT_PUBLIC_MEDUSA_PUBLISHABLE_KEY: PUBLISHABLE_KEY }
    const built = buildApp(publicEnv)
    console.log(`nextjs-storefront: build cache ${built.hit ? "hit" : "miss"} (${built.key}, ${built.dir}); ${[...kitPhases, ...built.phases].map((p) => `${p.name} ${p.seconds.toFixed(1)} s`).join(", ")}`)

    let t = Date.now()
    await waitForStore(BACKEND, Date.now() + 600_000, () => store.exitCode === null)
    fixPublishableKey(DATABASE_URL)
    console.log(`nextjs-storefront: store up ${secondsSince(t)} s after the storefront build (${secondsSince(started)} s in)`)
    t = Date.now()
    const next = startDetached("npx", ["next", "start", "-p", String(APP_PORT)], { ...process.env, ...publicEnv, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" }, built.dir)
    await waitForApp(Date.now() + 60_000, () => next.exitCode === null)
    console.log(`nextjs-storefront: next start answered in ${secondsSince(t)} s`)

    browser = await launchChromium()
    const adminApi = await adminClient(BACKEND)
    const seed = await seedOf(adminApi)
    const storeApi = new StoreApi(BACKEND, PUBLISHABLE_KEY)
    const cardWatch = new CardNumberWatch()
    let context: BrowserContext | null = null
    let page: Page = null as unknown as Page
    /** A new shopper's browser; with a cart, its id in the starter's cookie (httpOnly, SameSite=Strict). */
    const freshPage = async (cartId?: string) => {
      await context?.close()
      context = await browser!.newContext({ viewport: { width: 1100, height: 1000 } })
      cardWatch.watch(context)
      page = await context.newPage()
      page.setDefaultTimeout(30_000)
      if (cartId) await setCart(cartId)
      return page
    }
    const setCart = (cartId: string) => context!.addCookies([{ name: "_medusa_cart_id", value: cartId, url: APP, httpOnly: true, sameSite: "Strict" }])
    const shot = (name: string) => page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true })
    const orderOf = async (id: string) => {
      const { data, status } = await adminApi.get(`/admin/orders/${id}?fields=id,display_id,email,customer_id,*payment_collections.payments`)
      assert.equal(status, 200, `the order ${id} is not in the store`)
      return data.order
    }
    const paymentOf = (order: any) => order.payment_collections[0].payments[0]
    const ordersFor = async (email: string) =>
      (await adminApi.get("/admin/orders?fields=id,email&limit=1000")).data.orders.filter((o: { email: string }) => o.email === email)
    /** Whether the navigation back from the issuer to the return page carried the cart cookie. */
    const cookieOnReturn = () =>
      new Promise<boolean>((resolve, reject) => {
        setTimeout(() => reject(new Error("the issuer's page never sent the shopper to the return page")), 60_000)
        page.on("request", async (req) => {
          if (req.isNavigationRequest() && req.url().includes("/omnichannel-return")) resolve(/_medusa_cart_id=/.test((await req.allHeaders()).cookie ?? ""))
        })
      })

    const checks: Check[] = [
      {
        name: "the merchant's glue in the app (between omnichannel-glue markers) is at most 40 lines",
        run: async () => {
          const perFile = glueLinesPerFile()
          const total = Object.values(perFile).reduce((a, b) => a + b, 0)
          console.log(`  glue: ${Object.entries(perFile).map(([f, n]) => `${f} ${n}`).join(", ")}; ${total} lines`)
          assert.ok(Object.keys(perFile).length >= 7, "glue markers missing")
          assert.ok(total <= 40, `${total} lines of glue`)
        },
      },
      {
        name: "a guest pays with a frictionless card: order confirmed page, the order in the store paid with pp_omnichannel_card",
        run: async () => {
          const email = unique("next-frictionless")
          await freshPage(await storeApi.readyCart(email))
          await choosePayment(page, APP, { card: CARDS.frictionless, beforeContinue: () => shot("01-payment-step") })
          await placeOrder(page)
          const shown = await confirmedOrder(page)
          const order = await orderOf(shown.id)
          assert.equal(shown.number, `Order #${order.display_id}`)
          assert.equal(order.email, email)
          assert.equal(paymentOf(order).provider_id, "pp_omnichannel_card")
          assert.equal(paymentOf(order).data.card.last4, "4242")
          await shot("02-confirmed")
        },
      },
      {
        name: "3-D Secure passed: the return page (reached without the SameSite=Strict cart cookie) places the order",
        run: async () => {
          const email = unique("next-challenge")
          await freshPage(await storeApi.readyCart(email))
          await choosePayment(page, APP, { card: CARDS.challenge })
          await placeOrder(page)
          await page.waitForURL(/\/omnichannel\/sandbox\/3ds\//)
          await shot("03-challenge")
          const cookieSent = cookieOnReturn()
          await answerChallenge(page)
          assert.equal(await cookieSent, false, "the cart cookie came back with the issuer's redirect: the test is not cross-site")
          const order = await orderOf((await confirmedOrder(page)).id)
          assert.equal(order.email, email)
          assert.equal(paymentOf(order).data.card.last4, "3220")
          await shot("04-challenge-confirmed")
        },
      },
      {
        name: "3-D Secure failed: the return page says so, no order; Try again pays the same cart with a frictionless card",
        run: async () => {
          const email = unique("next-challenge-failed")
          const cartId = await storeApi.readyCart(email)
          await freshPage(cartId)
          await choosePayment(page, APP, { card: CARDS.challengeFails })
          await placeOrder(page)
          await answerChallenge(page)
          await page.getByRole("link", { name: "Try again" }).waitFor({ timeout: 60_000 })
          assert.match(await page.locator("p[role=alert]").innerText(), /\w+/, "no words for the shopper")
          assert.equal((await storeApi.cart(cartId)).completed_at, null, "the cart was completed")
          assert.deepEqual(await ordersFor(email), [], `an order was made for ${email}`)
          await shot("05-challenge-failed")
          await page.getByRole("link", { name: "Try again" }).click()
          await page.waitForURL(/\/fr\/checkout\?step=payment/)
          await page.getByTestId("payment-method-pp_omnichannel_card").check()
          await page.locator("[data-omnichannel-card-form] iframe").waitFor()
          await typeCard(page, CARDS.frictionless, "[data-omnichannel-card-form]")
          await page.getByTestId("submit-payment-button").click()
          await page.waitForURL(/[?&]step=review/)
          await placeOrder(page)
          const order = await orderOf((await confirmedOrder(page)).id)
          assert.equal(order.email, email)
          assert.equal(paymentOf(order).data.card.last4, "4242")
          assert.ok((await storeApi.cart(cartId)).completed_at, "the retried cart is not completed")
          await shot("06-retry-confirmed")
        },
      },
      {
        name: "a registered customer keeps the card at a first purchase and pays the second with it in SavedCards (same CRM token)",
        run: async () => {
          const email = unique("next-returning")
          const token = await storeApi.register(email, "kept-card-1")
          await freshPage()
          await page.goto(`${APP}/fr/account`)
          await page.getByTestId("login-email").fill(email)
          await page.getByTestId("login-password").fill("kept-card-1")
          await page.getByTestId("login").click()
          await page.getByTestId("signed-in").waitFor()
          await setCart(await storeApi.readyCart(email, token))
          await choosePayment(page, APP, { card: CARDS.frictionless, keepCard: true })
          await placeOrder(page)
          const first = await orderOf((await confirmedOrder(page)).id)
          assert.ok(first.customer_id, "the first order is not the customer's")
          const kept = paymentOf(first).data.externalTokenLinked?.generatedToken
          assert.ok(kept, "the first payment kept no card")

          await setCart(await storeApi.readyCart(email, token))
          await choosePayment(page, APP, { savedLast4: "4242", beforeContinue: () => shot("07-saved-card") })
          await placeOrder(page)
          const second = await orderOf((await confirmedOrder(page)).id)
          assert.equal(second.customer_id, first.customer_id)
          assert.equal(paymentOf(second).data.card.last4, "4242")
          assert.equal(paymentOf(second).data.externalTokenLinked?.generatedToken, kept)
          await shot("08-saved-card-confirmed")
        },
      },
      {
        name: "payment links on till orders paid on the Next pay page: a frictionless card, then a second link through 3-D Secure",
        run: async () => {
          for (const [i, card] of [CARDS.frictionless, CARDS.challenge].entries()) {
            const { orderId, link } = await tillDepositWithLink(adminApi, seed.stock_location_ids.store_paris, unique("next-link"))
            assert.deepEqual([link.amount, link.currency_code, link.status], [2000, "EUR", "open"])
            assert.ok(link.url.startsWith(`${APP}/fr/pay/`), `the link points elsewhere: ${link.url}`)
            await freshPage()
            await page.goto(link.url)
            await page.locator('[data-omnichannel-payment-link="open"] iframe').waitFor()
            assert.match(await page.locator("[data-omnichannel-amount]").innerText(), /€20\.00/)
            await typeCard(page, card, "[data-omnichannel-payment-link]")
            await shot(`${String(9 + 2 * i).padStart(2, "0")}-payment-link`)
            await page.getByRole("button", { name: "Pay €20.00" }).click()
            if (card === CARDS.challenge) await answerChallenge(page)
            await page.locator('[data-omnichannel-payment-link="paid"]').waitFor({ timeout: 60_000 })
            assert.equal(new URL(page.url()).origin, APP)
            assert.equal(await page.locator("[data-omnichannel-amount]").count(), 0, "a paid link still shows an amount due")
            await shot(`${10 + 2 * i}-payment-link-paid`)
            const { summary } = (await adminApi.get(`/admin/orders/${orderId}?fields=id,summary.*`)).data.order
            assert.equal(Number(summary.pending_difference), 0, `still outstanding: ${JSON.stringify(summary)}`)
            assert.equal((await adminApi.get(`/admin/omnichannel/orders/${orderId}/payment-links`)).data.payment_links[0].status, "paid")
          }
        },
      },
      {
        name: "no request from the pages carried a card number (server actions' POST bodies included); the watch saw the hosted card page's own",
        run: async () => {
          assert.deepEqual(cardWatch.leaks, [])
          assert.deepEqual(cardWatch.serverActionLeaks, [])
          assert.ok(cardWatch.serverActions >= 10, `only ${cardWatch.serverActions} server action POSTs seen`)
          assert.ok(cardWatch.hostedCardSightings > 0, "the watch never saw a card number, even in the hosted card page's own requests")
          console.log(`  (${cardWatch.serverActions} server action POSTs, ${cardWatch.hostedCardSightings} hosted card page requests with the card)`)
        },
      },
    ]

    t = Date.now()
    for (const check of checks) {
      await runChecks([check], results, async () => {
        await page?.screenshot({ path: path.join(SHOTS, `failed-${results.length}.png`), fullPage: true })
      })
    }
    console.log(`nextjs-storefront: journeys took ${secondsSince(t)} s`)
  } catch (err) {
    // Nothing to check without both servers: one failure, said plainly.
    results.push({ name: "the store and the Next.js storefront build and start", ok: false, error: (err as Error).message })
  } finally {
    await browser?.close()
  }
  console.log(`nextjs-storefront: ${secondsSince(started)} s in all`)
  process.exit(reportChecks("nextjs-storefront", results, "(screenshots in integration-tests/nextjs-storefront/screenshots)") ? 1 : 0)
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
