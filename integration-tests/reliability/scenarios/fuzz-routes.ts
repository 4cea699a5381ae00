import fc from "fast-check"
import { capturedOnlineChain, threeLineSale, till } from "../fixtures"
import type { Harness } from "../harness"

const SCENARIO = "fuzzed bodies"
const RUNS_PER_ROUTE = 120
const TABLES = ["order", "order_line_item", "payment", "refund", "omnichannel_chain", "omnichannel_operation", "omnichannel_stock_movement", "omnichannel_terminal"]

const notA = (type: string) => fc.jsonValue({ maxDepth: 2 }).filter((v) => (type === "array" ? !Array.isArray(v) : v === null || typeof v !== type || Array.isArray(v)))

/** Values no field of that kind accepts: another type, or text/numbers out of every field's range. */
function junkFor(valid: unknown): fc.Arbitrary<unknown> {
  if (typeof valid === "string") return fc.oneof(notA("string"), fc.constantFrom("", "   ", "x".repeat(5000)))
  if (typeof valid === "number") return fc.oneof(notA("number"), fc.constantFrom(1.5, -0.5, 1e20))
  if (typeof valid === "boolean") return notA("boolean")
  if (Array.isArray(valid)) return fc.oneof(notA("array"), notA("object").map((v) => [v]))
  return notA("object")
}

/**
 * A valid body broken in one way: a field given a value of the wrong kind, a required
 * field dropped, or an unknown field added (the routes' schemas are strict); sometimes
 * any JSON value at all. Never a body the route could accept.
 */
export function broken(valid: Record<string, unknown>, optional: string[] = [], nested: Record<string, fc.Arbitrary<unknown>> = {}) {
  const keys = Object.keys(valid)
  const required = keys.filter((k) => !optional.includes(k))
  const mutation = fc.oneof(
    fc.constantFrom(...keys).chain((key) => junkFor(valid[key]).map((value) => ({ ...valid, [key]: value }))),
    fc.constantFrom(...required).map((key) => Object.fromEntries(Object.entries(valid).filter(([k]) => k !== key))),
    fc
      .record({ key: fc.string({ minLength: 1, maxLength: 12 }).filter((k) => !keys.includes(k) && k !== "__proto__"), value: fc.jsonValue({ maxDepth: 1 }) })
      .map(({ key, value }) => ({ ...valid, [key]: value })),
    ...Object.entries(nested).map(([key, arb]) => arb.map((value) => ({ ...valid, [key]: value })))
  )
  return fc.oneof({ weight: 5, arbitrary: mutation }, { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) })
}

/** Each generated sale or event gets its own id, so it reaches validation rather than the idempotency replay. */
function freshIds(body: unknown, n: number) {
  if (!body || typeof body !== "object" || Array.isArray(body)) return body
  const b = { ...(body as Record<string, unknown>) }
  if (b.sale_id === "FUZZ-SALE") b.sale_id = `FUZZ-SALE-${n}`
  if (b.event_id === "FUZZ-EVENT") b.event_id = `FUZZ-EVENT-${n}`
  return b
}

async function counts(h: Harness): Promise<Record<string, number>> {
  const out: Record<string, number> = {}
  for (const t of TABLES) out[t] = (await h.query<{ n: number }>(`select count(*)::int as n from "${t}"`))[0].n
  return out
}

/**
 * Generated bodies (fast-check) at the POS and admin routes: every answer must be a 4xx
 * with a `code` and a message, never a 5xx, and no business table may change. A body that
 * happens to be valid would write: the generators always break at least one field.
 */
export async function fuzzRoutes(h: Harness) {
  const t = await till(h, "Fuzz till", "server-a")
  const chain = await capturedOnlineChain(h, "server-a")
  const admin = h.admin["server-a"]
  const sale = threeLineSale(h, "FUZZ-SALE") as unknown as Record<string, unknown>
  const item = (sale.items as Record<string, unknown>[])[0]
  const payment = (sale.payments as Record<string, unknown>[])[0]
  const card = payment.card as Record<string, unknown>

  const routes: { name: string; body: fc.Arbitrary<unknown>; send: (body: unknown) => Promise<{ status: number; data: any }> }[] = [
    {
      name: "POST /pos/sales",
      body: broken(sale, [], {
        items: broken(item, ["fulfilled"]).map((i) => [i]),
        payments: fc.oneof(broken(payment, ["acquirer_reference", "card"]), broken(card, ["brand", "offline_token"]).map((c) => ({ ...payment, card: c }))).map((p) => [p]),
      }),
      send: (b) => t.client.post("/pos/sales", b),
    },
    {
      name: "POST /pos/refunds",
      body: broken({ payment_id: chain.payment_id, amount: 10, currency_code: "EUR", reference: "FUZZ" }),
      send: (b) => t.client.post("/pos/refunds", b),
    },
    {
      name: "POST /pos/events",
      body: broken({ event_id: "FUZZ-EVENT", type: "stock.adjusted", sku: "SHIRT-S", quantity: 1, occurred_at: new Date().toISOString() }),
      send: (b) => t.client.post("/pos/events", b),
    },
    {
      name: "POST /admin/omnichannel/chains/:id/refunds",
      body: broken({ amount: 10, currency_code: "EUR", reference: "FUZZ" }),
      send: (b) => admin.post(`/admin/omnichannel/chains/${chain.payment_id}/refunds`, JSON.stringify(b), { headers: { "content-type": "application/json" } }),
    },
    {
      name: "POST /admin/omnichannel/chains/:id/payouts",
      body: broken({ amount: 10, currency_code: "EUR", reason: "FUZZ" }),
      send: (b) => admin.post(`/admin/omnichannel/chains/${chain.payment_id}/payouts`, JSON.stringify(b), { headers: { "content-type": "application/json" } }),
    },
    {
      name: "POST /admin/omnichannel/chains/:id/subsequent-payments",
      body: broken({ amount: 10, currency_code: "EUR", authorization_mode: "SALE" }),
      send: (b) =>
        admin.post(`/admin/omnichannel/chains/${chain.payment_id}/subsequent-payments`, JSON.stringify(b), { headers: { "content-type": "application/json" } }),
    },
    {
      name: "POST /admin/omnichannel/terminals",
      body: broken({ name: "FUZZ", stock_location_id: h.seed.stock_location_ids.store_paris, webhook_url: "http://127.0.0.1:1/hook" }, ["webhook_url"]),
      send: (b) => admin.post("/admin/omnichannel/terminals", JSON.stringify(b), { headers: { "content-type": "application/json" } }),
    },
  ]

  const before = await counts(h)
  let requests = 0
  let serverErrors = 0
  let unclear = 0
  let accepted = 0
  for (const route of routes) {
    const samples = fc.sample(route.body, { numRuns: RUNS_PER_ROUTE, seed: 20261123 })
    for (const generated of samples) {
      const body = freshIds(generated, requests++)
      const res = await route.send(body)
      if (res.status >= 500) serverErrors++
      else if (res.status < 400) accepted++
      else if (typeof res.data?.code !== "string" || typeof res.data?.message !== "string" || !res.data.message) unclear++
      if (res.status >= 500 || res.status < 400 || typeof res.data?.code !== "string") {
        h.check(SCENARIO, false, `${route.name} answered ${res.status} ${JSON.stringify(res.data).slice(0, 160)} to ${JSON.stringify(body).slice(0, 200)}`)
      }
    }
  }
  // Not JSON at all.
  for (const raw of ['{"sale_id":', "not json", "[1,2", "null"]) {
    requests++
    const res = await t.client.postRaw("/pos/sales", raw)
    if (res.status >= 500) serverErrors++
    if (res.status !== 400 || res.data?.code !== "INVALID_DATA") h.check(SCENARIO, false, `malformed body ${JSON.stringify(raw)} answered ${res.status} ${JSON.stringify(res.data)}`)
  }
  const after = await counts(h)
  const changed = TABLES.filter((table) => after[table] !== before[table]).map((table) => `${table} ${before[table]} -> ${after[table]}`)
  h.figure(SCENARIO, "generated requests (7 routes + malformed JSON)", requests)
  h.figure(SCENARIO, "5xx answers", serverErrors, 0)
  h.figure(SCENARIO, "accepted (2xx) although broken", accepted, 0)
  h.figure(SCENARIO, "4xx without code or message", unclear, 0)
  h.figure(SCENARIO, "business tables changed", changed.length, 0)
  if (changed.length) h.check(SCENARIO, false, `written: ${changed.join(", ")}`)
}
