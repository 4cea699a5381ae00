/**
 * `npm run pos:simulate -- --offline`: one till loses its network for a few hours and keeps
 * selling (cards approved by the terminal offline, under the limits the store set for it;
 * cash once its offline total is reached). Back online it sends its backlog through
 * POST /pos/sales/batch (one batch sent twice, as after a lost answer), then the cards'
 * outcomes through POST /pos/card-outcomes (some declined after the sale, a few not known
 * yet). The store sends a payment link to each declined customer whose email it knows;
 * some pay it. Prints what was recovered and what is still at risk.
 */
import { randomInt } from "crypto"
import type { AxiosInstance } from "axios"
import { formatMinor } from "../../plugin/src/money/display"
import { PosClient, type PosCardOutcome, type PosSale, type PosSalePayment } from "../../plugin/src/pos-client"
import { payLinkAsCustomer, publishableKey } from "./pay-link"

export type OfflineOptions = {
  url: string
  http: AxiosInstance
  headers: Record<string, string>
  locationId: string
  catalogue: { sku: string; price: number }[]
  arg: (name: string, fallback: string) => string
}

const DECLINE_REASONS = ["insufficient funds", "card reported lost", "do not honour", "expired card"]
const eur = (minor: number) => formatMinor(minor, "EUR")
const sum = (rows: { amount: number }[]) => rows.reduce((s, r) => s + r.amount, 0)
const tally = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1)

type OfflineCard = { reference: string; sale_id: string; amount: number; email: string | null }

export async function simulateOffline(o: OfflineOptions) {
  const sales = Number(o.arg("sales", "120"))
  const hours = Number(o.arg("hours", "6"))
  const batchSize = Number(o.arg("batch", "50"))
  const declineEvery = Number(o.arg("decline-every", "8"))
  const unknownOutcomes = Number(o.arg("no-outcome", "3"))
  const run = Date.now().toString(36)
  const { http, headers } = o

  // The store sets this till's store-and-forward limits; the till reads them while online.
  const created = await http.post("/admin/omnichannel/terminals", { name: `Offline till ${run}`, stock_location_id: o.locationId }, { headers })
  if (created.status !== 201) throw new Error(`cannot create a terminal: ${JSON.stringify(created.data)}`)
  const terminalId = created.data.terminal.id as string
  const limits = { max_payment: 6000, max_total: Number(o.arg("max-total", "150000")), max_hours: Math.max(1, hours - 2), currency_code: "EUR" }
  const set = await http.post(`/admin/omnichannel/terminals/${terminalId}`, { offline: limits }, { headers })
  if (set.status !== 200) throw new Error(`cannot set the till's offline limits: ${set.status} ${JSON.stringify(set.data)}`)
  const till = new PosClient({ baseUrl: o.url, terminalId, secret: created.data.secret })
  const known = await till.terminal()
  const offline = known.data?.terminal?.offline ?? limits
  console.log(`Offline till ${terminalId}: limits served by GET /pos/terminal: ${eur(offline.max_payment)} a payment, ${eur(offline.max_total)} in all, ${offline.max_hours} h to forward`)

  // Offline for `hours`: the till keeps its own references for the cards it approves.
  const started = Date.now() - hours * 3_600_000
  const backlog: PosSale[] = []
  const cards: OfflineCard[] = []
  const tenders = new Map<string, number>()
  let offlineTotal = 0
  for (let n = 0; n < sales; n++) {
    const lines = Array.from({ length: randomInt(1, 4) }, () => o.catalogue[randomInt(0, o.catalogue.length)])
    const total = lines.reduce((s, l) => s + l.price, 0)
    const sale_id = `OFF-${run}-${n}`
    const email = randomInt(0, 10) < 6 ? `offline-${run}-${n}@example.com` : null
    const wantsCard = randomInt(0, 100) < 75
    // The till enforces its limits itself: beyond them it asks for cash.
    const cardAllowed = total <= offline.max_payment && offlineTotal + total <= offline.max_total
    let payment: PosSalePayment
    if (wantsCard && cardAllowed) {
      const reference = `TILL-${run}-${n}`
      payment = { method: "card", amount: total, offline: true, acquirer_reference: reference, card: { brand: "visa", bin: "497403", last4: String(1000 + randomInt(0, 9000)) } }
      offlineTotal += total
      cards.push({ reference, sale_id, amount: total, email })
      tally(tenders, "card approved offline")
    } else {
      payment = { method: "cash", amount: total }
      tally(tenders, wantsCard ? "cash (card over the offline limits)" : "cash")
    }
    backlog.push({
      sale_id,
      occurred_at: new Date(started + (n / sales) * hours * 3_600_000).toISOString(),
      currency_code: "EUR",
      items: lines.map((l) => ({ sku: l.sku, quantity: 1, unit_price: l.price, fulfilled: true })),
      payments: [payment],
      ...(email ? { customer: { email } } : {}),
    })
  }
  console.log(`\nWhile offline (${hours} h): ${sales} sales, ${cards.length} cards approved offline for ${eur(sum(cards))}`)
  console.table([...tenders.entries()].map(([tender, count]) => ({ tender, count })))

  // Back online: the backlog in batches; the first batch's answer is "lost" and it is sent again.
  const results = new Map<string, number>()
  const flags = new Map<string, number>()
  const t0 = Date.now()
  let requests = 0
  const sendBatch = async (batch: PosSale[]) => {
    const res = await till.salesBatch(batch)
    requests++
    if (res.status !== 200) throw new Error(`the batch was refused: ${res.status} ${JSON.stringify(res.data)}`)
    for (const r of res.data.results) {
      tally(results, r.status === 201 ? (r.replayed ? "201 replayed" : "201 created") : `${r.status} ${r.body?.code ?? ""}`)
      // A replayed answer repeats its sale's flags: count each sale once.
      if (!r.replayed) for (const op of r.body?.operations ?? []) for (const f of op.metadata?.offline_flags ?? []) tally(flags, f)
    }
  }
  for (let i = 0; i < backlog.length; i += batchSize) await sendBatch(backlog.slice(i, i + batchSize))
  const seconds = (Date.now() - t0) / 1000
  await sendBatch(backlog.slice(0, batchSize))
  console.log(`Backlog sent: ${backlog.length} sales in ${requests - 1} batches of up to ${batchSize} in ${seconds.toFixed(1)} s (${(backlog.length / seconds).toFixed(1)} sales/s), then the first batch again`)
  console.table([...results.entries()].map(([answer, count]) => ({ answer, count })))
  if (flags.size) console.log(`offline cards flagged beyond the till's limits (recorded anyway, the goods had left): ${[...flags.entries()].map(([f, c]) => `${f} ×${c}`).join(", ")}`)

  // The acquirer's word on the offline cards, some declined after the sale; the first few not known yet (overdue by now).
  const reported = cards.slice(Math.min(unknownOutcomes, cards.length))
  const outcomes: PosCardOutcome[] = reported.map((c, i) =>
    (i + 1) % declineEvery === 0 ? { acquirer_reference: c.reference, outcome: "declined", reason: DECLINE_REASONS[i % DECLINE_REASONS.length] } : { acquirer_reference: c.reference, outcome: "approved" }
  )
  const outcomeAnswers = new Map<string, number>()
  for (let i = 0; i < outcomes.length; i += 500) {
    const res = await till.cardOutcomes(outcomes.slice(i, i + 500))
    if (res.status !== 200) throw new Error(`the outcomes were refused: ${res.status} ${JSON.stringify(res.data)}`)
    for (const r of res.data.results) tally(outcomeAnswers, `${r.status}${r.body?.code ? ` ${r.body.code}` : ""}`)
  }
  // Sent again (the till did not see the answer): answered, not applied twice.
  const declinedOutcomes = outcomes.filter((x) => x.outcome === "declined")
  const again = await till.cardOutcomes(declinedOutcomes)
  const againStatuses = new Set(again.data?.results?.map((r) => r.status))
  console.log(`\nOutcomes: ${outcomes.length - declinedOutcomes.length} approved, ${declinedOutcomes.length} declined after the sale, ${cards.length - reported.length} not known yet`)
  console.table([...outcomeAnswers.entries()].map(([answer, count]) => ({ answer, count })))
  console.log(`the declines sent again: ${[...againStatuses].join(", ")} (replayed, nothing applied twice)`)

  // The store sends a link to each declined customer it can reach; wait for them.
  const mine = async (state: string) => {
    const res = await http.get(`/admin/omnichannel/offline-payments?state=${state}&limit=200`, { headers })
    if (res.status !== 200) throw new Error(`GET /admin/omnichannel/offline-payments: ${res.status} ${JSON.stringify(res.data)}`)
    return (res.data.offline_payments as any[]).filter((p) => p.terminal_id === terminalId)
  }
  const reachable = cards.filter((c) => c.email && declinedOutcomes.some((d) => d.acquirer_reference === c.reference)).length
  let declined = await mine("declined")
  for (let i = 0; i < 60 && declined.filter((p) => p.payment_link?.emails_sent > 0).length < reachable; i++) {
    await new Promise((r) => setTimeout(r, 500))
    declined = await mine("declined")
  }

  // Half of the customers who got a link pay it (the hosted card form, an approved test card).
  const key = await publishableKey(http, headers)
  const open = declined.filter((p) => p.payment_link?.status === "open")
  let paidNow = 0
  for (const p of open.filter((_, i) => i % 2 === 0)) if (await payLinkAsCustomer(http, key, p.payment_link.url)) paidNow++
  declined = await mine("declined")
  const pending = await mine("pending")

  const withLink = declined.filter((p) => p.payment_link)
  const paid = withLink.filter((p) => p.payment_link.status === "paid")
  const stillOpen = withLink.filter((p) => p.payment_link.status === "open")
  const unreachable = declined.filter((p) => !p.payment_link)
  console.log(`\nRecovered after the sale (from GET /admin/omnichannel/offline-payments):`)
  console.table([
    { what: "declined after the sale", count: declined.length, amount: eur(sum(declined)) },
    { what: "payment links sent", count: withLink.length, amount: eur(sum(withLink)) },
    { what: "links paid", count: paid.length, amount: eur(sum(paid)) },
    { what: "links open (still at risk)", count: stillOpen.length, amount: eur(sum(stillOpen)) },
    { what: "no email known: lost unless the shop calls", count: unreachable.length, amount: eur(sum(unreachable)) },
    { what: "offline cards awaiting an outcome", count: pending.length, amount: eur(sum(pending)) },
    { what: "  of which overdue", count: pending.filter((p) => p.overdue).length, amount: eur(sum(pending.filter((p) => p.overdue))) },
  ])
  console.log(`at risk now: ${eur(sum(stillOpen) + sum(unreachable) + sum(pending))} of ${eur(sum(cards))} taken offline (the admin's Omnichannel page, "Declined after the sale", lists them)`)

  const ok =
    (results.get("201 created") ?? 0) === backlog.length &&
    (results.get("201 replayed") ?? 0) === Math.min(batchSize, backlog.length) &&
    declined.length === declinedOutcomes.length &&
    withLink.length === reachable &&
    paid.length === paidNow &&
    pending.length === cards.length - reported.length &&
    [...againStatuses].every((s) => s === 200)
  if (!ok) {
    console.log("something did not add up: see the tables above")
    process.exitCode = 1
  }
}
