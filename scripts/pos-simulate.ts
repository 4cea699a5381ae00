/**
 * npm run pos:simulate -- --terminals 4 --sales 200 [--url http://localhost:9000]
 *
 * Plays several tills against a running reference store (`npm run demo`): creates the
 * terminals, sends signed sales concurrently (some twice, as a till retrying would), and
 * prints what the store answered.
 */
import axios from "axios"
import { randomInt } from "crypto"
import { PosClient, computeOfflineToken, type PosSale } from "../plugin/src/pos-client"
import { luhnCheckDigit } from "../plugin/src/cards/luhn"
import { tokenKey } from "../src/demo-token-key"

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

  const makeSale = (n: number): PosSale => {
    const lines = Array.from({ length: randomInt(1, 4) }, () => CATALOGUE[randomInt(0, CATALOGUE.length)])
    const total = lines.reduce((s, l) => s + l.price, 0)
    const pan = randomPan()
    return {
      sale_id: `SIM-${run}-${n}`,
      occurred_at: new Date().toISOString(),
      currency_code: "EUR",
      items: lines.map((l) => ({ sku: l.sku, quantity: 1, unit_price: l.price, fulfilled: true })),
      payments: [{ method: "card", amount: total, acquirer_reference: `SIM-${n}`, card: { brand: "visa", bin: pan.slice(0, 6), last4: pan.slice(-4), offline_token: computeOfflineToken(tokenKey(), pan) } }],
    }
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
        }
        bar(++done, sales)
      }
    })
  )
  const seconds = (Date.now() - started) / 1000
  latencies.sort((a, b) => a - b)
  process.stderr.write("\n\n")
  console.log(`POS simulation against ${url}: ${terminals} terminals, ${sales} sales`)
  console.table([...outcomes.entries()].map(([outcome, count]) => ({ outcome, count })))
  console.log(`distinct orders: ${orders.size} (expected ${sales})`)
  console.log(`requests: ${latencies.length} in ${seconds.toFixed(1)} s = ${(latencies.length / seconds).toFixed(1)} req/s`)
  console.log(`latency ms: p50 ${percentile(latencies, 50).toFixed(0)}, p95 ${percentile(latencies, 95).toFixed(0)}, p99 ${percentile(latencies, 99).toFixed(0)}`)
  if (orders.size !== sales) process.exitCode = 1
}

main().catch((err) => {
  console.error(`pos:simulate: ${err.message}`)
  process.exit(1)
})
