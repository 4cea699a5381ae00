/**
 * npm run pos:simulate -- --terminals 4 --sales 200 [--url http://localhost:9000]
 *
 * Plays several tills against a running reference store (`npm run demo`): creates the
 * terminals, sends signed sales concurrently (some twice, as a till retrying would) with
 * a shop's mix of tenders (cards with and without offline token, cash with change, split
 * cash + card, meal vouchers), returns some of them (refunded the way they were paid),
 * and prints what the store answered. Some customers give their email (an e-receipt is
 * sent); the last one leaves a deposit and the till asks for the balance by payment link.
 *
 * npm run pos:simulate -- --offline [--sales 120 --hours 6 --batch 50 --decline-every 8 --no-outcome 3]
 *
 * One till goes offline instead, keeps selling, then sends its backlog in batches and its
 * cards' outcomes, and prints what was recovered from the cards declined after the sale
 * (see pos-simulate/offline.ts).
 */
import axios from "axios"
import { randomInt } from "crypto"
import { PosClient, computeOfflineToken, type PosSale, type PosSalePayment } from "../plugin/src/pos-client"
import { luhnCheckDigit } from "../plugin/src/cards/luhn"
import { tokenKey } from "../src/demo-token-key"
import { simulateOffline } from "./pos-simulate/offline"

const CATALOGUE = [
  { sku: "SHIRT-S", price: 1500 },
  { sku: "SHIRT-M", price: 1500 },
  { sku: "SHIRT-L", price: 1500 },
  { sku: "TOTE-NATURAL", price: 1250 },
  { sku: "CUP-GLAZED", price: 900 },
]

function arg(name: string, fallback: string) {
  const i = process.argv.indexOf(`--${name}`)
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback
}

function randomPan() {
  let body = "4" + Array.from({ length: 14 }, () => randomInt(0, 10)).join("")
  return body + luhnCheckDigit(body)
}

function bar(done: number, total: number) {
  const width = 30
  const filled = Math.round((done / total) * width)
  process.stderr.write(`\r  [${"#".repeat(filled)}${"-".repeat(width - filled)}] ${done}/${total}`)
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0

async function main() {
  const url = arg("url", process.env.DEMO_URL ?? "http://localhost:9000")
  const terminals = Number(arg("terminals", "4"))
  const sales = Number(arg("sales", "200"))
  const http = axios.create({ baseURL: url, validateStatus: () => true })

  const login = await http.post("/auth/user/emailpass", {
    email: process.env.DEMO_ADMIN_EMAIL ?? "admin@omnichannel.test",
    password: process.env.DEMO_ADMIN_PASSWORD ?? "omnichannel-demo",
  })
  if (login.status !== 200) throw new Error(`cannot log in to ${url} (is \`npm run demo\` running?)`)
  const headers = { authorization: `Bearer ${login.data.token}` }
  const locations = await http.get("/admin/stock-locations?name=Store%20Paris", { headers })
  const location = locations.data.stock_locations?.[0]
  if (!location) throw new Error("no stock location named Store Paris: seed the store first")
  if (process.argv.includes("--offline")) {
    await simulateOffline({ url, http, headers, locationId: location.id, catalogue: CATALOGUE, arg })
    await printMetrics(http)
    return
  }

  const tills: PosClient[] = []
  for (let t = 0; t < terminals; t++) {
    const created = await http.post("/admin/omnichannel/terminals", { name: `Simulated till ${t + 1}`, stock_location_id: location.id }, { headers })
    if (created.status !== 201) throw new Error(`cannot create a terminal: ${JSON.stringify(created.data)}`)
    tills.push(new PosClient({ baseUrl: url, terminalId: created.data.terminal.id, secret: created.data.secret }))
  }

  const run = Date.now().toString(36)
  const latencies: number[] = []
  const outcomes = new Map<string, number>()
  const orders = new Set<string>()
  let done = 0
  let next = 0
  const started = Date.now()

  const cardPayment = (amount: number, n: number, withToken: boolean): PosSalePayment => {
    const pan = randomPan()
    const card = { brand: "visa", bin: pan.slice(0, 6), last4: pan.slice(-4) }
    return { method: "card", amount, acquirer_reference: `SIM-${n}`, card: withToken ? { ...card, offline_token: computeOfflineToken(tokenKey(), pan) } : card }
  }
  const cash = (amount: number): PosSalePayment => {
    // The customer hands over the next note up; the till gives change.
    const tendered = [500, 1000, 2000, 5000, 10000].find((note) => note >= amount) ?? Math.ceil(amount / 1000) * 1000
    return { method: "cash", amount, tendered, change: tendered - amount }
  }
  // A shop's day: most pay by card (some tills compute no offline token), many in cash, a few split or use vouchers.
  const TENDERS: [string, number, (total: number, n: number) => PosSalePayment[]][] = [
    ["card + offline token", 40, (total, n) => [cardPayment(total, n, true)]],
    ["card, no offline token", 20, (total, n) => [cardPayment(total, n, false)]],
    ["cash", 25, (total) => [cash(total)]],
    ["split cash + card", 10, (total, n) => (total > 1000 ? [cash(1000), cardPayment(total - 1000, n, true)] : [cash(total)])],
    ["meal voucher + card", 5, (total, n) => (total > 800 ? [{ method: "external", amount: 800, label: "Meal voucher" }, cardPayment(total - 800, n, false)] : [cash(total)])],
  ]
  const pickTender = () => {
    let r = randomInt(0, 100)
    for (const tender of TENDERS) if ((r -= tender[1]) < 0) return tender
    return TENDERS[0]
  }
  const tenders = new Map<string, number>()

  const makeSale = (n: number): PosSale => {
    const lines = Array.from({ length: randomInt(1, 4) }, () => CATALOGUE[randomInt(0, CATALOGUE.length)])
    const total = lines.reduce((s, l) => s + l.price, 0)
    const [name, , pay] = pickTender()
    tenders.set(name, (tenders.get(name) ?? 0) + 1)
    return {
      sale_id: `SIM-${run}-${n}`,
      occurred_at: new Date().toISOString(),
      currency_code: "EUR",
      items: lines.map((l) => ({ sku: l.sku, quantity: 1, unit_price: l.price, fulfilled: true })),
      payments: pay(total, n),
      // One customer in five wants an e-receipt.
      ...(n % 5 === 0 ? { customer: { email: `customer-${run}-${n}@example.com` } } : {}),
    }
  }
  const returns = new Map<string, number>()
  /** A customer brings one item back: refunded to the card if a card paid enough, else in cash. */
  const returnOne = async (till: PosClient, sale: PosSale, paymentId: string) => {
    const amount = sale.items[0].unit_price
    const byCard = sale.payments.filter((p) => p.method === "card").reduce((s, p) => s + p.amount, 0)
    const method = byCard >= amount ? "card" : "cash"
    const res = await till.refunds({ payment_id: paymentId, amount, currency_code: "EUR", reference: `RET-${sale.sale_id}`, method })
    const outcome = `${method} refund ${res.status}${res.data?.code ? ` ${res.data.code}` : ""}`
    returns.set(outcome, (returns.get(outcome) ?? 0) + 1)
  }

  await Promise.all(
    tills.map(async (till) => {
      while (next < sales) {
        const sale = makeSale(next++)
        // One sale in ten is sent twice, as a till that lost the first answer would.
        const sends = Math.random() < 0.1 ? 2 : 1
        for (let s = 0; s < sends; s++) {
          const t0 = performance.now()
          const res = await till.sales(sale)
          latencies.push(performance.now() - t0)
          const outcome = res.status === 201 ? (res.headers["idempotent-replayed"] ? "201 replayed" : "201 created") : `${res.status} ${res.data?.code ?? ""}`
          outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1)
          if (res.status === 201) orders.add(res.data.order_id)
          // One sale in twenty comes back.
          if (res.status === 201 && s === 0 && Math.random() < 0.05) await returnOne(till, sale, res.data.payment_id)
        }
        bar(++done, sales)
      }
    })
  )
  const seconds = (Date.now() - started) / 1000

  // seed 003: a deposit in cash for goods to collect later; the till sends a link for the balance.
  const email = `deposit-${run}@example.com`
  const deposit = await tills[0].sales({
    sale_id: `SIM-${run}-deposit`,
    occurred_at: new Date().toISOString(),
    currency_code: "EUR",
    items: [{ sku: "SHIRT-M", quantity: 3, unit_price: 1500, fulfilled: false }],
    payments: [cash(1500)],
    customer: { email },
  })
  // A mistyped barcode: the store refuses the sale (422 UNKNOWN_SKU) and the metrics count it per terminal.
  const mistake = await tills[tills.length - 1].sales({ ...makeSale(sales), sale_id: `SIM-${run}-typo`, items: [{ sku: "SHRIT-M", quantity: 1, unit_price: 1500, fulfilled: true }], payments: [cash(1500)] })
  const link = deposit.status === 201 ? await tills[0].paymentLinks({ order_id: deposit.data.order_id, amount: 3000, currency_code: "EUR", customer_email: email }, `link-${run}`) : deposit
  latencies.sort((a, b) => a - b)
  process.stderr.write("\n\n")
  console.log(`POS simulation against ${url}: ${terminals} terminals, ${sales} sales`)
  console.table([...tenders.entries()].map(([tender, count]) => ({ tender, count })))
  console.table([...outcomes.entries()].map(([outcome, count]) => ({ outcome, count })))
  if (returns.size) console.table([...returns.entries()].map(([outcome, count]) => ({ return: outcome, count })))
  console.log(`distinct orders: ${orders.size} (expected ${sales})`)
  console.log(`requests: ${latencies.length} in ${seconds.toFixed(1)} s = ${(latencies.length / seconds).toFixed(1)} req/s`)
  console.log(`latency ms: p50 ${percentile(latencies, 50).toFixed(0)}, p95 ${percentile(latencies, 95).toFixed(0)}, p99 ${percentile(latencies, 99).toFixed(0)}`)
  if (link.status === 201) {
    console.log(`deposit of 15.00 EUR, balance asked by payment link (emailed to ${email}):\n  ${link.data.payment_link.url}\n  (open it to pay with a test card, e.g. 4000000000003220 for 3-D Secure)`)
  } else {
    console.log(`deposit and payment link failed: ${link.status} ${JSON.stringify(link.data)}`)
    process.exitCode = 1
  }
  console.log(`a mistyped SKU: ${mistake.status} ${mistake.data?.code ?? ""}`)
  if (mistake.status !== 422) process.exitCode = 1
  await printMetrics(http)
  if (orders.size !== sales || [...returns.keys()].some((k) => !k.includes(" 201"))) process.exitCode = 1
}

/** What an operator's Prometheus would scrape now (`npm run demo` switches metrics on). */
async function printMetrics(http: ReturnType<typeof axios.create>) {
  const token = process.env.OMNI_METRICS_TOKEN
  const res = await http.get("/omnichannel/metrics", { headers: token ? { authorization: `Bearer ${token}` } : {}, validateStatus: () => true })
  if (res.status !== 200) {
    console.log(`metrics: ${res.status} ${res.data?.code ?? ""} (the store runs with OMNI_METRICS=true to serve them)`)
    return
  }
  const wanted = /^omnichannel_(operations_total|pos_refusals_total|idempotent_replays_total|refund_order_locked_total|pending_operations|outbox_messages|stock_discrepancies_open|pos_request_duration_seconds_count|acquirer_request_duration_seconds_count|offline_\w+)\b/
  const lines = String(res.data).split("\n").filter((l) => wanted.test(l) && !/ 0$/.test(l))
  console.log(`metrics scraped from ${http.defaults.baseURL}/omnichannel/metrics (non-zero figures):\n  ${lines.join("\n  ")}`)
}

main().catch((err) => {
  console.error(`pos:simulate: ${err.message}`)
  process.exit(1)
})
