/**
 * Finding a purchase and exporting operations from the Omnichannel page (DESIGN 7.3): a till
 * sale paid by a card and cash is found by its payment id, by the card's CRM token and by the
 * card's BIN + last 4, each result opening its order's chain; a search of no known shape is
 * explained. The Export button downloads the CSV of the filters chosen (channel, tender, till).
 */
import assert from "node:assert/strict"
import { randomBytes, randomInt } from "node:crypto"
import { readFileSync } from "node:fs"
import path from "node:path"
import type { AxiosInstance } from "axios"
import { parse } from "csv-parse/sync"
import type { Page } from "playwright-core"
import { PosClient } from "../../plugin/src/pos-client"
import type { Check } from "../../integration-tests/helpers/checks"
import type { SeedResult } from "../../src/scripts/seed"

type Context = { page: Page; adminApi: AxiosInstance; seed: SeedResult; base: string; shots: string }

const COLUMNS = "created_at,payment_id,order_display_id,channel,method,type,status,amount,currency_code,terminal,stock_location,card_brand,card_last4,crm_token,reference"

export function searchExportChecks({ page, adminApi, seed, base, shots }: Context): Check[] {
  const run = Date.now().toString(36)
  // A card of this run only: its BIN + last 4 find this sale's chain and no other.
  const card = { brand: "mastercard", bin: "535110", last4: String(randomInt(0, 10_000)).padStart(4, "0") }
  const sale = { payment_id: "", order_id: "", crm_token: "", terminal_id: "", terminal_name: `Search till (e2e ${run})` }

  const search = async (q: string) => {
    await page.getByTestId("omni-search-input").fill(q)
    await page.getByTestId("omni-search-submit").click()
  }
  const resultRow = () => page.getByTestId(`omni-search-result-${sale.payment_id}`)

  return [
    {
      name: "search: a till sale is found on the Omnichannel page by its payment id, and its result opens the order's chain",
      run: async () => {
        const { terminal, secret } = (await adminApi.post("/admin/omnichannel/terminals", { name: sale.terminal_name, stock_location_id: seed.stock_location_ids.store_paris })).data
        const pos = new PosClient({ baseUrl: base, terminalId: terminal.id, secret })
        const res = await pos.sales({
          sale_id: `E2E-SEARCH-${run}`,
          occurred_at: new Date().toISOString(),
          currency_code: "EUR",
          items: [{ sku: "TOTE-NATURAL", quantity: 2, unit_price: 1250, fulfilled: true }],
          payments: [
            { method: "card", amount: 2000, acquirer_reference: `E2E-SEARCH-${run}`, card: { ...card, offline_token: randomBytes(32).toString("hex").toUpperCase() } },
            { method: "cash", amount: 500 },
          ],
        })
        assert.equal(res.status, 201, `till sale refused: ${JSON.stringify(res.data)}`)
        Object.assign(sale, { payment_id: res.data.payment_id, order_id: res.data.order_id, crm_token: res.data.crm_token, terminal_id: terminal.id })
        assert.match(sale.crm_token, /^535110\d{6}\d{4}$/)

        await page.goto(`${base}/app/omnichannel`)
        await page.getByTestId("omni-search").waitFor()
        await search(sale.payment_id)
        await resultRow().waitFor()
        assert.equal(await page.getByTestId("omni-search-results").locator("tbody tr").count(), 1)
        assert.match(await resultRow().innerText(), /In store · EUR/)
        await resultRow().getByTestId("omni-search-order").click()
        await page.waitForURL(`**/app/orders/${sale.order_id}`)
        await page.getByTestId("omni-order-widget").waitFor()
        assert.equal((await page.getByTestId("omni-payment-id").first().innerText()).trim(), sale.payment_id)
      },
    },
    {
      name: "search: the same chain by the card's CRM token and by its BIN + last 4 (as a receipt prints it); a search of no known shape is explained",
      run: async () => {
        await page.goto(`${base}/app/omnichannel`)
        await search(sale.crm_token)
        await resultRow().waitFor()
        assert.match(await resultRow().innerText(), new RegExp(`535110•+${card.last4}`))

        await search(`${card.bin} ** **** ${card.last4}`)
        await resultRow().waitFor()
        assert.equal(await page.getByTestId("omni-search-results").locator("tbody tr").count(), 1)
        await page.getByTestId("omni-search").screenshot({ path: path.join(shots, "13-search-by-card.png") })

        await search("red shoes")
        const error = await page.getByTestId("omni-search-error").innerText()
        assert.match(error, /q: expected a 19-digit payment id, a CRM token, or BIN \+ last 4/)
        const otherLast4 = String((Number(card.last4) + 1) % 10_000).padStart(4, "0")
        await search(`${card.bin}****${otherLast4}`)
        await page.getByTestId("omni-search-empty").waitFor()
      },
    },
    {
      name: "export: the Export button downloads the CSV of the filters chosen (in store, cash, this till): its header and this sale's cash row",
      run: async () => {
        await page.goto(`${base}/app/omnichannel`)
        await page.getByTestId("omni-export").waitFor()
        const choose = async (testId: string, option: string) => {
          await page.getByTestId(testId).click()
          await page.getByRole("option", { name: option, exact: true }).click()
        }
        await choose("omni-export-channel", "In store")
        await choose("omni-export-method", "Cash")
        await choose("omni-export-terminal_id", sale.terminal_name)
        const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("omni-export-button").click()])
        const url = new URL(download.url())
        assert.equal(url.pathname, "/admin/omnichannel/operations/export")
        assert.deepEqual(
          [url.searchParams.get("channel"), url.searchParams.get("method"), url.searchParams.get("terminal_id")],
          ["in_store", "cash", sale.terminal_id]
        )
        assert.match(url.searchParams.get("from") ?? "", /^\d{4}-\d{2}-\d{2}$/)
        assert.match(download.suggestedFilename(), /^omnichannel-operations-\d{4}-\d{2}-\d{2}-to-\d{4}-\d{2}-\d{2}\.csv$/)
        const csv = readFileSync((await download.path())!, "utf8")
        assert.equal(csv.split("\r\n")[0], COLUMNS)
        const rows = parse(csv, { columns: true }) as Record<string, string>[]
        // The till's one cash payment, in decimals; no card row (the filter said cash).
        assert.deepEqual(
          rows.map((r) => [r.payment_id, r.channel, r.method, r.type, r.status, r.amount, r.currency_code, r.terminal, r.card_last4, r.crm_token]),
          [[sale.payment_id, "in_store", "cash", "payment", "succeeded", "5.00", "EUR", sale.terminal_id, "", sale.crm_token]]
        )
        const order = (await adminApi.get(`/admin/orders/${sale.order_id}?fields=display_id`)).data.order
        assert.equal(rows[0].order_display_id, String(order.display_id))
        await page.getByTestId("omni-export").screenshot({ path: path.join(shots, "14-export-filters.png") })
      },
    },
  ]
}
