/**
 * Offline tills (DESIGN 7.2) in the admin: a till that sold while offline forwards its card
 * payments (signed POS calls); one is declined afterwards (POST /pos/card-outcomes) and its
 * customer is sent a payment link. The Omnichannel page lists it under "Declined after the
 * sale" with its order, customer and the link's state, sends the link again from there,
 * and lists what still awaits its outcome (overdue past the terminal's max_hours); the
 * order's chain timeline says which payments were approved offline. First, the Terminals
 * section sets a till's offline limits, which the till reads from GET /pos/terminal.
 */
import assert from "node:assert/strict"
import path from "node:path"
import type { AxiosInstance } from "axios"
import type { Page } from "playwright-core"
import { formatMinor } from "../../plugin/src/money/display"
import { PosClient, type PosSale } from "../../plugin/src/pos-client"
import type { Check } from "../../integration-tests/helpers/checks"
import type { SeedResult } from "../../src/scripts/seed"

type Context = { page: Page; adminApi: AxiosInstance; seed: SeedResult; base: string; shots: string }

const HOUR = 3_600_000
const EMAIL = "offline-e2e@example.com"

export function offlinePaymentsChecks({ page, adminApi, seed, base, shots }: Context): Check[] {
  const run = Date.now().toString(36)
  let pos: PosClient
  const sales: Record<"declined" | "overdue" | "awaiting", { sale: PosSale; reference: string; order_id: string; operation_id: string }> = {} as never

  /** A sale paid in full by a card the terminal approved offline, `hoursAgo` before now. */
  const offlineSale = (name: string, amount: number, hoursAgo: number, email?: string): { sale: PosSale; reference: string } => {
    const reference = `E2E-OFF-${name}-${run}`
    return {
      reference,
      sale: {
        sale_id: `E2E-OFFLINE-${name}-${run}`,
        occurred_at: new Date(Date.now() - hoursAgo * HOUR).toISOString(),
        currency_code: "EUR",
        ...(email ? { customer: { email } } : {}),
        items: [{ sku: "TOTE-NATURAL", quantity: amount / 1250, unit_price: 1250, fulfilled: true }],
        payments: [{ method: "card", amount, offline: true, acquirer_reference: reference, card: { brand: "visa", bin: "424242", last4: "4242" } }],
      },
    }
  }
  const offlinePayments = async (state: string) => (await adminApi.get(`/admin/omnichannel/offline-payments?state=${state}`)).data.offline_payments as any[]
  const declinedRow = async () => (await offlinePayments("declined")).find((p) => p.operation_id === sales.declined.operation_id)
  const emailsTo = async (to: string) => (await adminApi.get(`/admin/notifications?to=${encodeURIComponent(to)}&fields=id,template,to`)).data.notifications as any[]

  return [
    {
      name: "offline tills: the Terminals section sets a till's offline limits (typed in major units, checked in the form) and removes them; the till reads them from GET /pos/terminal",
      run: async () => {
        const name = `Limits till (e2e ${run})`
        const { terminal, secret } = (await adminApi.post("/admin/omnichannel/terminals", { name, stock_location_id: seed.stock_location_ids.store_paris })).data
        const till = new PosClient({ baseUrl: base, terminalId: terminal.id, secret })
        await page.goto(`${base}/app/omnichannel`)
        const row = page.getByTestId("omni-terminal-row").filter({ hasText: name })
        await row.waitFor()
        assert.equal((await row.getByTestId("omni-terminal-offline").innerText()).trim(), "None")

        await row.getByTestId("omni-terminal-offline-edit").click()
        await page.getByTestId("omni-offline-drawer").waitFor()
        await page.getByTestId("omni-offline-max-payment").fill("80")
        await page.getByTestId("omni-offline-max-total").fill("50")
        await page.getByTestId("omni-offline-save").click()
        assert.match(await page.getByTestId("omni-offline-error").innerText(), /cannot be more than the total/)
        assert.equal((await till.terminal()).data.terminal.offline, null, "a refused form changed the till's limits")

        await page.getByTestId("omni-offline-max-total").fill("500.00")
        await page.getByTestId("omni-offline-max-hours").fill("12")
        await page.getByTestId("omni-offline-save").click()
        await page.getByTestId("omni-offline-drawer").waitFor({ state: "detached" })
        const cell = row.getByTestId("omni-terminal-offline")
        await page.waitForFunction((el) => el?.textContent === "80.00 EUR each, 500.00 EUR pending, 12 h", await cell.elementHandle())
        const served = await till.terminal()
        assert.equal(served.status, 200, JSON.stringify(served.data))
        assert.deepEqual(served.data.terminal.offline, { max_payment: 8000, max_total: 50000, max_hours: 12, currency_code: "EUR" })
        await page.getByTestId("omni-terminals").screenshot({ path: path.join(shots, "12a-terminal-offline-limits.png") })

        await row.getByTestId("omni-terminal-offline-edit").click()
        await page.getByTestId("omni-offline-clear").click()
        await page.waitForFunction((el) => el?.textContent === "None", await cell.elementHandle())
        assert.equal((await till.terminal()).data.terminal.offline, null)
      },
    },
    {
      name: "offline tills: the Omnichannel page lists a card declined after the sale (order, customer, the recovery link's state) and what awaits its outcome, overdue marked",
      run: async () => {
        const { terminal, secret } = (
          await adminApi.post("/admin/omnichannel/terminals", { name: `Offline till (e2e ${run})`, stock_location_id: seed.stock_location_ids.store_paris })
        ).data
        pos = new PosClient({ baseUrl: base, terminalId: terminal.id, secret })
        const planned = {
          declined: offlineSale("DECLINED", 3750, 1, EMAIL),
          overdue: offlineSale("OVERDUE", 2500, 30),
          awaiting: offlineSale("AWAITING", 1250, 2),
        }
        for (const [name, { sale, reference }] of Object.entries(planned)) {
          const res = await pos.sales(sale)
          assert.equal(res.status, 201, `offline sale refused: ${JSON.stringify(res.data)}`)
          const operation = (await adminApi.get(`/admin/omnichannel/chains/${res.data.payment_id}`)).data.chain.operations.find((o: any) => o.acquirer_reference === reference)
          sales[name as keyof typeof sales] = { sale, reference, order_id: res.data.order_id, operation_id: operation.id }
        }
        const outcome = await pos.post("/pos/card-outcomes", { outcomes: [{ acquirer_reference: sales.declined.reference, outcome: "declined", reason: "insufficient funds" }] })
        assert.equal(outcome.status, 200, JSON.stringify(outcome.data))
        assert.equal(outcome.data.results[0].status, 200, JSON.stringify(outcome.data))
        // The link's email goes out after the answer.
        let row: any
        for (let i = 0; i < 60 && !(row?.payment_link?.emails_sent >= 1); i++) {
          row = await declinedRow()
          if (!(row?.payment_link?.emails_sent >= 1)) await new Promise((r) => setTimeout(r, 500))
        }
        assert.ok(row?.payment_link?.emails_sent >= 1, `no recovery link sent for the decline: ${JSON.stringify(row)}`)

        await page.goto(`${base}/app/omnichannel`)
        await page.getByTestId("omni-offline-declines").waitFor()
        const shown = page.locator(`[data-testid="omni-offline-decline-row"][data-operation-id="${sales.declined.operation_id}"]`)
        await shown.waitFor()
        assert.equal((await shown.getByTestId("omni-offline-amount").innerText()).trim(), formatMinor(3750, "EUR"))
        assert.equal((await shown.getByTestId("omni-offline-customer").innerText()).trim(), EMAIL)
        assert.equal(await shown.getByTestId("omni-offline-order").getAttribute("href"), `/app/orders/${sales.declined.order_id}`)
        assert.equal(await shown.getByTestId("omni-offline-link-status").getAttribute("data-status"), "open")
        assert.match(await shown.innerText(), /insufficient funds/)
        assert.match(await shown.getByTestId("omni-offline-link-sent").innerText(), /emailed 1×/)

        // Still awaiting the till's outcome: the 30-hour-old one is overdue (24 h by default), the 2-hour-old one is not.
        const pendingRow = (name: "overdue" | "awaiting") => page.locator(`[data-testid="omni-offline-pending-row"][data-operation-id="${sales[name].operation_id}"]`)
        await pendingRow("overdue").waitFor()
        assert.equal(await pendingRow("overdue").getByTestId("omni-offline-overdue").count(), 1)
        assert.equal(await pendingRow("awaiting").getByTestId("omni-offline-overdue").count(), 0)
        assert.match(await page.getByTestId("omni-offline-at-risk").innerText(), /^2 approved offline, 37\.50 EUR at risk/)
        await page.getByTestId("omni-offline-declines").screenshot({ path: path.join(shots, "12-declined-after-the-sale.png") })
      },
    },
    {
      name: "offline tills: 'Send link again' re-sends the recovery link's email (one more in Medusa's notifications, counted on the row)",
      run: async () => {
        const before = await emailsTo(EMAIL)
        const shown = page.locator(`[data-testid="omni-offline-decline-row"][data-operation-id="${sales.declined.operation_id}"]`)
        await shown.getByTestId("omni-offline-resend").click()
        await page.getByText(`Payment link sent again to ${EMAIL}`).waitFor()
        await page.waitForFunction(
          (id) => /emailed 2×/.test(document.querySelector(`[data-operation-id="${id}"] [data-testid="omni-offline-link-sent"]`)?.textContent ?? ""),
          sales.declined.operation_id
        )
        const after = await emailsTo(EMAIL)
        assert.equal(after.length, before.length + 1, `emails to ${EMAIL}: ${JSON.stringify(after)}`)
        assert.equal((await declinedRow()).payment_link.emails_sent, 2)
        await page.getByTestId("omni-offline-declines").screenshot({ path: path.join(shots, "13-declined-link-sent-again.png") })
      },
    },
    {
      name: "offline tills: the chain timeline shows a payment approved offline as awaiting its outcome, and a declined one as declined after the sale",
      run: async () => {
        await page.goto(`${base}/app/orders/${sales.awaiting.order_id}`)
        await page.getByTestId("omni-order-widget").waitFor()
        assert.deepEqual(await page.getByTestId("omni-operation-offline").allInnerTexts(), ["Approved offline, awaiting outcome"])
        await page.getByTestId("omni-order-widget").screenshot({ path: path.join(shots, "14-timeline-approved-offline.png") })

        await page.goto(`${base}/app/orders/${sales.declined.order_id}`)
        await page.getByTestId("omni-order-widget").waitFor()
        assert.deepEqual(await page.getByTestId("omni-operation-offline").allInnerTexts(), ["Declined after the sale"])
      },
    },
  ]
}
