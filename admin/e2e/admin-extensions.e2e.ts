/**
 * The admin's end-to-end suite: the reference store running for real, its admin in real
 * headless Chromium (Debian's package, driven by playwright-core). An admin logs in, opens
 * an order whose chain spans online and in-store payments, refunds part of the in-store
 * payment and sees the timeline and totals change; creates a terminal and sees its secret
 * once; requests what a till deposit left owed by a payment link, cancels it, and sees another
 * one paid by the customer. First (order-refresh.checks.ts): an order whose card is only
 * authorized owes nothing, and the widget and Medusa's own Payments section refresh each
 * other without a reload. Last (offline-payments.checks.ts): a till's card declined after the
 * sale is listed with its recovery link, which the admin sends again. Screenshots go to admin/screenshots/.
 */
import assert from "node:assert/strict"
import { spawn } from "node:child_process"
import { mkdirSync } from "node:fs"
import path from "node:path"
import axios, { type AxiosInstance } from "axios"
import { type Page } from "playwright-core"
import { launchChromium } from "../../integration-tests/helpers/chromium"
import { Client as PgClient } from "pg"
import { formatMinor } from "../../plugin/src/money/display"
import { PosClient, computeOfflineToken } from "../../plugin/src/pos-client"
import { checkout, TEST_CARDS, tokenizeInHostedForm } from "../../integration-tests/helpers/checkout"
import { tokenKey } from "../../src/demo-token-key"
import { DEMO_ADMIN } from "../../src/scripts/seed"
import { seedOf, waitForStore } from "../../integration-tests/helpers/running-store"
import { cardSaleOnChain } from "../../integration-tests/helpers/till-sale"
import { reportChecks, runChecks, type Check, type CheckResult } from "../../integration-tests/helpers/checks"
import { orderRefreshChecks } from "./order-refresh.checks"
import { offlinePaymentsChecks } from "./offline-payments.checks"
import { customerActivityChecks } from "./customer-activity.checks"
import { searchExportChecks } from "./search-export.checks"
import type { SeedResult } from "../../src/scripts/seed"

const PORT = Number(process.env.E2E_PORT ?? 9100)
const BASE = `http://localhost:${PORT}`
const SHOTS = path.join(__dirname, "..", "screenshots")
// Where start-built-store.sh's `medusa build` puts the admin (dashboard and extensions, bundled).
const BUILT_ADMIN = path.join(__dirname, "../../.medusa/server/public/admin")

const results: CheckResult[] = []

/** An online order paid by card and captured, then a till sale merged into it by payment id. */
async function crossChannelOrder(adminApi: AxiosInstance, seed: SeedResult) {
  const store = axios.create({ baseURL: BASE })
  const placed = await checkout(store, seed, { card: TEST_CARDS.approved, store_credentials: true, sku: "SHIRT-M", quantity: 2 })
  assert.ok(placed.order, `checkout did not make an order: ${JSON.stringify(placed.completed?.data)}`)
  const orderId = placed.order.id as string
  let paymentId = ""
  for (let i = 0; i < 40 && !paymentId; i++) {
    const chains = (await adminApi.get(`/admin/omnichannel/chains?order_id=${orderId}`)).data.chains
    paymentId = chains[0]?.payment_id ?? ""
    if (!paymentId) await new Promise((r) => setTimeout(r, 250))
  }
  assert.match(paymentId, /^\d{19}$/, "the order was never linked to its chain")
  const order = (await adminApi.get(`/admin/orders/${orderId}?fields=*payment_collections.payments`)).data.order
  await adminApi.post(`/admin/payments/${order.payment_collections[0].payments[0].id}/capture`, {})

  const { terminal, secret } = (
    await adminApi.post("/admin/omnichannel/terminals", { name: "Paris till (e2e)", stock_location_id: seed.stock_location_ids.store_paris })
  ).data
  const pos = new PosClient({ baseUrl: BASE, terminalId: terminal.id, secret })
  const sale = await pos.sales(
    cardSaleOnChain({
      sale_id: `E2E-${Date.now()}`,
      payment_id: paymentId,
      sku: "TOTE-NATURAL",
      quantity: 2,
      unit_price: 1250,
      acquirer_reference: "T1-E2E",
      offline_token: computeOfflineToken(tokenKey(), TEST_CARDS.approved),
    })
  )
  assert.equal(sale.status, 201, `POS sale refused: ${JSON.stringify(sale.data)}`)
  return { orderId, paymentId, pos }
}

/** An API refusal with what the server said (axios' own message has only the status). */
function saying(err: any): never {
  throw new Error(`${err.config?.method?.toUpperCase()} ${err.config?.url}: ${err.response?.status} ${JSON.stringify(err.response?.data)}`)
}

async function text(page: Page, testId: string) {
  return (await page.getByTestId(testId).first().innerText()).trim()
}

async function main() {
  mkdirSync(SHOTS, { recursive: true })
  const server = spawn("bash", [path.join(__dirname, "../../integration-tests/helpers/start-built-store.sh")], { stdio: ["ignore", "inherit", "inherit"], detached: true })
  const stopServer = () => {
    try {
      process.kill(-server.pid!, "SIGTERM")
    } catch {}
  }
  process.on("exit", stopServer)
  const browser = await (async () => {
    // Migrate, seed and `medusa build` (the admin's vite build alone takes 1.5 to 4 minutes on a busy machine).
    await waitForStore(BASE, Date.now() + 480_000, () => server.exitCode === null)
    return launchChromium()
  })()

  try {
    const { data: login } = await axios.post(`${BASE}/auth/user/emailpass`, DEMO_ADMIN)
    const adminApi = axios.create({ baseURL: BASE, headers: { authorization: `Bearer ${login.token}` } })
    const seed = await seedOf(adminApi)
    const { orderId, paymentId, pos } = await crossChannelOrder(adminApi, seed)

    const eur = (minor: number) => formatMinor(minor, "EUR")
    let paidBefore = 0
    let depositOrderId = ""
    let depositPaymentId = ""
    const page = await browser.newPage({ viewport: { width: 1440, height: 1800 } })
    page.setDefaultTimeout(30_000)

    const checks: Check[] = [
      {
        name: "an admin logs in to Medusa's admin",
        run: async () => {
          await page.goto(`${BASE}/app/login`)
          await page.locator('input[name="email"]').fill(DEMO_ADMIN.email)
          await page.locator('input[name="password"]').fill(DEMO_ADMIN.password)
          await page.locator('button[type="submit"]').click()
          await page.waitForURL((url) => !url.pathname.includes("/login"))
        },
      },
      ...orderRefreshChecks({ page, adminApi, seed, base: BASE, shots: SHOTS, builtAdmin: BUILT_ADMIN }),
      {
        name: "the order page shows the chain across online and in-store, with totals per channel and a timeline",
        run: async () => {
          await page.goto(`${BASE}/app/orders/${orderId}`)
          await page.getByTestId("omni-order-widget").waitFor()
          assert.equal(await text(page, "omni-payment-id"), paymentId)
          assert.match(await text(page, "omni-crm-token"), /^424242•+4242$/)
          // What the API says the chain holds: online card payment (goods + shipping) and the till's 25.00.
          const { totals } = (await adminApi.get(`/admin/omnichannel/chains/${paymentId}`)).data.chain
          assert.equal(totals.by_channel.in_store.paid, 2500)
          assert.ok(totals.by_channel.online.paid > 0)
          assert.equal(await text(page, "omni-total-paid"), eur(totals.paid))
          assert.equal(await text(page, "omni-total-refunded"), "0.00 EUR")
          assert.match(await text(page, "omni-channel-online"), new RegExp(eur(totals.by_channel.online.paid).replace(".", "\\.")))
          assert.match(await text(page, "omni-channel-in_store"), /25\.00 EUR/)
          paidBefore = totals.paid
          // In a merchant's words, the till by its name; the card was kept, so it can be charged again.
          const said = await page.getByTestId("omni-operation-what").allInnerTexts()
          assert.deepEqual(said.slice(0, 2), ["Card authorized", "Captured"])
          assert.ok(said.includes("Card payment"), `no till card payment in ${JSON.stringify(said)}`)
          assert.ok(!(await page.getByTestId("omni-timeline").innerText()).includes("FINAL_AUTHORIZATION"), "the timeline speaks in modes")
          assert.deepEqual(await page.getByTestId("omni-operation-till").allInnerTexts(), ["Paris till (e2e)"])
          assert.ok(await page.getByTestId("omni-open-subsequent").isVisible(), "a kept card cannot be charged again")
          await page.screenshot({ path: path.join(SHOTS, "01-order-chain.png"), fullPage: true })
        },
      },
      {
        name: "refunding part of the in-store payment changes the timeline and the totals",
        run: async () => {
          const before = await page.getByTestId("omni-operation").count()
          await page.getByTestId("omni-open-refund").click()
          await page.getByTestId("omni-amount").fill("10.00")
          await page.getByTestId("omni-text").fill("RET-E2E-1")
          await page.getByTestId("omni-prefer-channel").click()
          await page.getByTestId("omni-prefer-in_store").click()
          await page.getByTestId("omni-submit").click()
          await page.getByTestId("omni-action-form").waitFor({ state: "detached" })
          await page.waitForFunction(() => document.querySelector('[data-testid="omni-total-refunded"]')?.textContent === "10.00 EUR")
          assert.equal(await text(page, "omni-total-refundable"), eur(paidBefore - 1000))
          const { totals } = (await adminApi.get(`/admin/omnichannel/chains/${paymentId}`)).data.chain
          assert.equal(totals.refunded, 1000)
          // by_channel counts a refund where it was made (here, the admin: online); the money went back on the in-store payment.
          const order = (await adminApi.get(`/admin/orders/${orderId}?fields=*payment_collections.payments,*payment_collections.payments.refunds`)).data.order
          const payments = order.payment_collections.flatMap((pc: any) => pc.payments)
          const inStore = payments.find((p: any) => Number(p.amount) === 25)
          assert.deepEqual(inStore.refunds.map((r: any) => Number(r.amount)), [10])
          assert.equal(await page.getByTestId("omni-operation").count(), before + 1)
          const last = (await page.getByTestId("omni-operation").allInnerTexts()).pop() ?? ""
          assert.match(last, /Refund to card · 10\.00 EUR/)
          assert.match(last, /ref RET-E2E-1/)
          await page.screenshot({ path: path.join(SHOTS, "02-after-refund.png"), fullPage: true })
        },
      },
      {
        name: "a second refund with the same reference is explained in words, and changes nothing",
        run: async () => {
          await page.getByTestId("omni-open-refund").click()
          await page.getByTestId("omni-amount").fill("5")
          await page.getByTestId("omni-text").fill("RET-E2E-1")
          await page.getByTestId("omni-submit").click()
          const error = await page.getByTestId("omni-action-error").innerText()
          assert.match(error, /already refunded/)
          assert.equal(await text(page, "omni-total-refunded"), "10.00 EUR")
          await page.screenshot({ path: path.join(SHOTS, "03-refund-locked.png"), fullPage: true })
        },
      },
      {
        name: "a split-tender till sale shows each tender; a refund as a new gift card shows its code once",
        run: async () => {
          const split = await pos.sales({
            sale_id: `E2E-SPLIT-${Date.now()}`,
            occurred_at: new Date().toISOString(),
            currency_code: "EUR",
            items: [{ sku: "CUP-GLAZED", quantity: 2, unit_price: 900 }],
            payments: [
              { method: "cash", amount: 1000, tendered: 2000, change: 1000 },
              { method: "external", amount: 800, label: "Meal voucher" },
            ],
          })
          assert.equal(split.status, 201, `split sale refused: ${JSON.stringify(split.data)}`)
          await page.goto(`${BASE}/app/orders/${split.data.order_id}`)
          await page.getByTestId("omni-order-widget").waitFor()
          assert.deepEqual(await page.getByTestId("omni-operation-what").allInnerTexts(), ["Cash payment", "Other tender payment"])
          const tenders = await page.getByTestId("omni-operation-tender").allInnerTexts()
          assert.deepEqual(tenders, ["20.00 EUR given, 10.00 EUR change", "Meal voucher"])
          // No card on this chain: nothing to charge again.
          assert.equal(await page.getByTestId("omni-open-subsequent").count(), 0)
          assert.match(await text(page, "omni-method-cash"), /10\.00 EUR/)

          await page.getByTestId("omni-open-refund").click()
          await page.getByTestId("omni-amount").fill("5.00")
          await page.getByTestId("omni-text").fill("RET-E2E-GIFT")
          await page.getByTestId("omni-refund-kind").click()
          await page.getByTestId("omni-refund-kind-gift_card").click()
          await page.getByTestId("omni-submit").click()
          await page.getByTestId("omni-issued-gift-card").waitFor()
          const { chain } = (await adminApi.get(`/admin/omnichannel/chains/${split.data.payment_id}`)).data
          const refund = chain.operations.find((o: any) => o.type === "refund")
          assert.equal(refund.method, "gift_card")
          assert.equal(refund.amount, 500)
          assert.match(await text(page, "omni-issued-gift-card"), /Gift card issued: \S+/)
          await page.waitForFunction(() => document.querySelector('[data-testid="omni-total-refunded"]')?.textContent === "5.00 EUR")
          await page.screenshot({ path: path.join(SHOTS, "03b-split-tender.png"), fullPage: true })
        },
      },
      {
        name: "the Omnichannel page is in the sidebar; a payment waiting for 3-D Secure is listed; a new terminal's secret is shown once",
        run: async () => {
          // A shopper sent to 3-D Secure who has not come back: the payment waits, by its payment id.
          const left = await checkout(axios.create({ baseURL: BASE }), seed, { card: TEST_CARDS.challenge, challenge: "abandon" })
          assert.ok(left.challenged, "the challenge card was not challenged")
          const waitingId = left.session.data.payment_collection.payment_sessions[0].data.payment_id as string
          await page.goto(`${BASE}/app/orders`)
          await page.getByRole("link", { name: "Omnichannel" }).first().click()
          await page.getByTestId("omni-page").waitFor()
          await page.getByTestId("omni-pending-payment-row").first().waitFor()
          assert.match(await page.getByTestId("omni-pending-payments").innerText(), new RegExp(`${waitingId}[\\s\\S]*3-D Secure`))
          await page.getByTestId("omni-ingestion-row").first().waitFor()
          assert.match(await page.getByTestId("omni-ingestions").innerText(), /ingested/)
          await page.getByTestId("omni-report-row").first().waitFor()
          await page.getByTestId("omni-chart-EUR").waitFor()

          await page.getByTestId("omni-terminal-name").fill("Lyon till 1")
          await page.getByTestId("omni-terminal-location").click()
          await page.getByRole("option", { name: "Store Paris" }).click()
          await page.getByTestId("omni-terminal-create").click()
          const secret = (await page.getByTestId("omni-secret-value").innerText()).trim()
          assert.match(secret, /^pos_sk_[0-9a-f]{64}$/)
          await page.screenshot({ path: path.join(SHOTS, "04-terminal-secret-once.png"), fullPage: true })
          await page.getByTestId("omni-secret-done").click()
          // Once in CI the row did not render after one reload although the store had answered
          // the list with it (seen 2026-11-23, not reproduced in 4 runs): reload up to 3 times.
          const row = page.getByTestId("omni-terminal-row").filter({ hasText: "Lyon till 1" })
          for (let attempt = 1; ; attempt++) {
            await page.reload({ waitUntil: "networkidle" })
            const shown = await row.waitFor({ timeout: 15_000 }).then(() => true, () => false)
            if (shown) break
            if (attempt === 3) throw new Error("the new terminal is not listed after 3 reloads")
          }
          assert.ok(!(await page.content()).includes(secret), "the secret is shown again after a reload")
          await page.screenshot({ path: path.join(SHOTS, "05-omnichannel-page.png"), fullPage: true })
        },
      },
      {
        name: "a till sale paid in part: the admin requests the rest by a payment link, sees it open with its URL, and cancels it",
        run: async () => {
          // A deposit: 20.00 EUR cash on a 79.90 EUR sneaker, 59.90 EUR still owed.
          const deposit = await pos.sales({
            sale_id: `E2E-DEPOSIT-${Date.now()}`,
            occurred_at: new Date().toISOString(),
            currency_code: "EUR",
            items: [{ sku: "SNEAKER-40", quantity: 1, unit_price: 7990, fulfilled: false }],
            payments: [{ method: "cash", amount: 2000 }],
            customer: { email: "deposit-e2e@example.com" },
          })
          assert.equal(deposit.status, 201, `deposit sale refused: ${JSON.stringify(deposit.data)}`)
          depositOrderId = deposit.data.order_id
          depositPaymentId = deposit.data.payment_id
          const orderEmail = (await adminApi.get(`/admin/orders/${depositOrderId}?fields=email`)).data.order.email
          await page.goto(`${BASE}/app/orders/${depositOrderId}`)
          await page.getByTestId("omni-payment-links").waitFor()
          assert.equal(await text(page, "omni-outstanding"), "59.90 EUR")

          await page.getByTestId("omni-request-payment").click()
          // The form starts from what is owed, 72 hours and the order's email.
          assert.equal(await page.getByTestId("omni-link-amount").inputValue(), "59.90")
          assert.equal(await page.getByTestId("omni-link-hours").inputValue(), "72")
          assert.equal(await page.getByTestId("omni-link-email").inputValue(), orderEmail ?? "")
          await page.getByTestId("omni-link-amount").fill("50.00")
          await page.getByTestId("omni-link-note").fill("The rest of your sneakers")
          await page.getByTestId("omni-link-submit").click()
          await page.getByTestId("omni-link-created").waitFor()
          const url = await text(page, "omni-link-url")
          const { payment_links } = (await adminApi.get(`/admin/omnichannel/orders/${depositOrderId}/payment-links`)).data
          assert.equal(payment_links.length, 1)
          const [link] = payment_links
          // Typed in major units, sent in minor units.
          assert.deepEqual(
            { url: link.url, amount: link.amount, currency_code: link.currency_code, status: link.status, note: link.note, origin: link.origin },
            { url, amount: 5000, currency_code: "EUR", status: "open", note: "The rest of your sneakers", origin: "admin" }
          )
          assert.match(url, /^https?:\/\/\S+\/pay\/[A-Za-z0-9_-]+$/)
          // (Shots of the section itself: the order page scrolls inside the admin's column, which a full-page shot cuts.)
          const row = page.getByTestId("omni-link-row").filter({ hasText: "50.00 EUR" })
          assert.equal((await row.getByTestId("omni-link-status").innerText()).trim(), "open")
          await page.getByTestId("omni-payment-links").screenshot({ path: path.join(SHOTS, "06-payment-link-open.png") })

          await row.getByTestId("omni-link-cancel").click()
          await page.getByRole("button", { name: "Cancel link" }).click()
          await page.waitForFunction(
            (id) => document.querySelector(`[data-link-id="${id}"] [data-testid="omni-link-status"]`)?.textContent === "canceled",
            link.id
          )
          assert.equal(await row.getByTestId("omni-link-cancel").count(), 0)
          assert.equal((await adminApi.get(`/admin/omnichannel/orders/${depositOrderId}/payment-links`)).data.payment_links[0].status, "canceled")
          await page.getByTestId("omni-payment-links").screenshot({ path: path.join(SHOTS, "07-payment-link-canceled.png") })
        },
      },
      {
        name: "the customer pays a link by card: it shows paid, nothing is owed any more, the timeline says Payment link",
        run: async () => {
          // Without an amount the link asks for all that is owed.
          const { payment_link } = (await adminApi.post(`/admin/omnichannel/orders/${depositOrderId}/payment-links`, {}).catch(saying)).data
          assert.equal(payment_link.amount, 5990)
          const token = payment_link.url.split("/").pop()
          const shop = axios.create({ baseURL: BASE, headers: { "x-publishable-api-key": seed.publishable_key } })
          const started = (await shop.post(`/store/omnichannel/payment-links/${token}/pay`, {}).catch(saying)).data
          assert.equal(started.status, "card_required")
          const hostedId = await tokenizeInHostedForm(shop, started.hosted_card, TEST_CARDS.approved).catch(saying)
          const paid = (await shop.post(`/store/omnichannel/payment-links/${token}/pay`, { hosted_tokenization_id: hostedId, return_url: `${payment_link.url}?returned=1` }).catch(saying)).data
          assert.equal(paid.status, "paid", JSON.stringify(paid))

          await page.goto(`${BASE}/app/orders/${depositOrderId}`)
          await page.getByTestId("omni-payment-links").waitFor()
          const row = page.locator(`[data-link-id="${payment_link.id}"]`)
          assert.equal((await row.getByTestId("omni-link-status").innerText()).trim(), "paid")
          assert.equal(await text(page, "omni-outstanding"), "0.00 EUR")
          assert.ok(await page.getByTestId("omni-request-payment").isDisabled(), "Request payment is enabled with nothing owed")
          assert.match(await text(page, "omni-request-payment-reason"), /Nothing is owed/)
          const channels = await page.getByTestId("omni-operation-channel").allInnerTexts()
          assert.ok(channels.includes("Payment link"), `no payment by link in the timeline: ${JSON.stringify(channels)}`)
          assert.match(await text(page, "omni-channel-pay_by_link"), /Payment link\s+59\.90 EUR/)
          const { chain } = (await adminApi.get(`/admin/omnichannel/chains/${depositPaymentId}`)).data
          assert.equal(chain.totals.by_channel.pay_by_link.paid, 5990)
          await page.getByTestId("omni-order-widget").screenshot({ path: path.join(SHOTS, "08-payment-link-paid.png") })
        },
      },
      {
        name: "the Health section shows approval rate and decline reasons per channel, acquirer latency, a till's refusals and what is pending, for 24 h and 7 d",
        run: async () => {
          // A card the issuer declines online, and a till sale of a SKU the store does not sell.
          const declined = await checkout(axios.create({ baseURL: BASE }), seed, { card: TEST_CARDS.declined })
          assert.equal(declined.order, null)
          const refused = await pos.sales({
            sale_id: `E2E-UNKNOWN-${Date.now()}`,
            occurred_at: new Date().toISOString(),
            currency_code: "EUR",
            items: [{ sku: "NO-SUCH-SKU", quantity: 1, unit_price: 100, fulfilled: true }],
            payments: [{ method: "cash", amount: 100 }],
          })
          assert.equal(refused.data.code, "UNKNOWN_SKU")
          const { health } = (await adminApi.get("/admin/omnichannel/health?window=24h").catch(saying)).data
          const online = health.channels.find((c: any) => c.channel === "online")
          assert.ok(online && online.declined >= 1, `no online decline in the API's health: ${JSON.stringify(health.channels)}`)

          await page.goto(`${BASE}/app/omnichannel`)
          await page.getByTestId("omni-health").waitFor()
          await page.getByTestId("omni-health-channel").first().waitFor()
          const approvals = await page.getByTestId("omni-health-approvals").innerText()
          const rate = `${(online.approval_rate * 100).toFixed(1)} %`
          assert.match(approvals, new RegExp(`Online[\\s\\S]*${online.approved} approved · ${online.declined} declined`), approvals)
          assert.ok((await page.getByRole("img", { name: rate }).count()) > 0, `no approval bar labelled ${rate}`)
          const declines = await page.getByTestId("omni-health-decline").allInnerTexts()
          assert.ok(declines.some((d) => /Online\s+DECLINED/.test(d)), `no online DECLINED in ${JSON.stringify(declines)}`)
          // A plain decline is one reason: never DECLINED and PAYMENT_DECLINED side by side.
          assert.ok(!declines.some((d) => d.includes("PAYMENT_DECLINED")), `a decline under two codes: ${JSON.stringify(declines)}`)
          const shownMs = (v: number) => (v === 0 ? "< 1 ms" : `${v} ms`)
          assert.equal(await text(page, "omni-health-p50"), shownMs(health.acquirer.p50_ms))
          assert.equal(await text(page, "omni-health-p95"), shownMs(health.acquirer.p95_ms))
          const till = page.getByTestId("omni-health-till").filter({ hasText: "Paris till (e2e)" })
          assert.match(await till.innerText(), /UNKNOWN_SKU ×1/)
          assert.equal(await text(page, "omni-health-pending-count"), String(health.pending_operations.count))
          await page.getByTestId("omni-health").screenshot({ path: path.join(SHOTS, "09-health-24h.png") })

          await page.getByTestId("omni-health-window-7d").click()
          await page.getByText("over the last 7 days").waitFor()
          await page.getByTestId("omni-health-daily").waitFor()
          const today = new Date().toISOString().slice(0, 10)
          const week = (await adminApi.get("/admin/omnichannel/health?window=7d").catch(saying)).data.health
          const todayOnline = week.daily.find((d: any) => d.day === today && d.channel === "online")
          assert.ok(todayOnline, `no online day in the 7-day health: ${JSON.stringify(week.daily)}`)
          const bar = page.getByTestId("omni-health-daily").locator("rect title", { hasText: `${today} Online: ${(todayOnline.approval_rate * 100).toFixed(1)} %` })
          assert.equal(await bar.count(), 1, "today's online approval column is not in the daily chart")
          await page.getByTestId("omni-health").screenshot({ path: path.join(SHOTS, "10-health-7d.png") })
        },
      },
      {
        name: "Reconciliation: the admin runs it now and sees no difference; after a payment is lost from Medusa's order records, that one difference with its payment id and amounts",
        run: async () => {
          /** Clicks "Run reconciliation now", waits for the new run's row, and returns the run as the API has it. */
          const runFromAdmin = async () => {
            const { count } = (await adminApi.get("/admin/omnichannel/reconciliations").catch(saying)).data
            await page.getByTestId("omni-reconciliation-run").click()
            await page.waitForFunction((n) => document.querySelectorAll('[data-testid="omni-reconciliation-row"]').length === n, Math.min(count + 1, 10))
            const [latest] = (await adminApi.get("/admin/omnichannel/reconciliations?limit=1").catch(saying)).data.reconciliations
            assert.equal(latest.trigger, "admin")
            return (await adminApi.get(`/admin/omnichannel/reconciliations/${latest.id}`).catch(saying)).data.reconciliation
          }
          await page.goto(`${BASE}/app/omnichannel`)
          await page.getByTestId("omni-reconciliation").waitFor()

          const clean = await runFromAdmin()
          assert.equal(clean.status, "completed")
          assert.deepEqual(clean.differences, [], `differences in a store whose records agree: ${JSON.stringify(clean.differences)}`)
          assert.equal(await text(page, "omni-reconciliation-summary"), `No differences: ${clean.chains_checked} payments agree with Medusa's orders and the acquirer.`)
          assert.equal(await page.getByTestId("omni-reconciliation-difference").count(), 0)

          // Medusa's order (the cross-channel one) now shows 1.00 EUR less paid than its chain holds.
          const { totals } = (await adminApi.get(`/admin/omnichannel/chains/${paymentId}`).catch(saying)).data.chain
          const db = new PgClient({ connectionString: process.env.E2E_DATABASE_URL ?? "postgres://postgres@localhost:5432/omnichannel_admin_e2e" })
          await db.connect()
          const where = `order_id = $1 and deleted_at is null and version = (select version from "order" where id = $1)`
          const { rows } = await db.query(`select id, totals from order_summary where ${where}`, [orderId])
          assert.equal(rows.length, 1)
          const planted = totals.paid - 100
          try {
            const major = String(planted / 100)
            await db.query(
              `update order_summary set totals = jsonb_set(jsonb_set(totals, '{paid_total}', to_jsonb($2::numeric)), '{raw_paid_total}', jsonb_build_object('value', $2::text, 'precision', 20)) where id = $1`,
              [rows[0].id, major]
            )
            const found = await runFromAdmin()
            assert.deepEqual(
              found.differences.map((d: any) => [d.kind, d.payment_id, d.order_id, d.expected, d.actual]),
              [["order_paid_mismatch", paymentId, orderId, totals.paid, planted]]
            )
            await page.getByTestId("omni-reconciliation-difference").first().waitFor()
            const shown = page.getByTestId("omni-reconciliation-difference")
            assert.equal(await shown.count(), 1)
            assert.equal(await shown.getAttribute("data-kind"), "order_paid_mismatch")
            const row = await shown.innerText()
            for (const part of [paymentId, orderId, eur(totals.paid), eur(planted)]) assert.ok(row.includes(part), `"${part}" not in the difference row: ${row}`)
            assert.equal(await text(page, "omni-reconciliation-summary"), `1 difference found in ${found.chains_checked} payments:`)
            await page.getByTestId("omni-reconciliation").screenshot({ path: path.join(SHOTS, "11-reconciliation-difference.png") })
          } finally {
            await db.query(`update order_summary set totals = $2 where id = $1`, [rows[0].id, rows[0].totals])
            await db.end()
          }
        },
      },
      ...offlinePaymentsChecks({ page, adminApi, seed, base: BASE, shots: SHOTS }),
      ...customerActivityChecks({ page, adminApi, seed, base: BASE, shots: SHOTS }),
      ...searchExportChecks({ page, adminApi, seed, base: BASE, shots: SHOTS }),
    ]

    await runChecks(checks, results, async () => {
      await page.screenshot({ path: path.join(SHOTS, `failed-${results.length}.png`), fullPage: true })
    })
  } finally {
    await browser.close()
    stopServer()
  }

  process.exit(reportChecks("admin e2e", results, "(screenshots in admin/screenshots)") ? 1 : 0)
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
