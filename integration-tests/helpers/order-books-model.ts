import fc from "fast-check"
import { expectBooksAgree } from "./books"
import {
  admin, captureInMedusa, chainOf, itemQuantities, nextRef, payLink, PRICES, summaryOf, tillAddOn, tillRefund,
  type Currency, type Shop,
} from "./one-order"

/**
 * What the chain of one order must hold after any sequence of operations, kept by the
 * property test (http/order-books.spec.ts) beside the real store. Amounts in minor units.
 */
export type Model = {
  currency: Currency
  order_id: string
  payment_id: string
  medusa_payment_id: string
  /** Authorized online, not captured yet. */
  held: number
  byMethod: Record<string, { paid: number; refunded: number }>
  /** Units handed over and not returned yet, per SKU: what a till may take back. */
  returnable: Record<string, number>
  returned: Record<string, number>
  paidOut: number
}

type Method = "card" | "cash" | "store_credit"
type Cmd = fc.AsyncCommand<Model, Shop>

const method = (m: Model, name: string) => (m.byMethod[name] ??= { paid: 0, refunded: 0 })
const sum = (m: Model, field: "paid" | "refunded") => Object.values(m.byMethod).reduce((s, t) => s + t[field], 0)
/** What a refund of this kind may still take: all kinds together ≤ paid; card ≤ card payments, cash ≤ cash payments. */
export function refundable(m: Model, kind: Method) {
  const total = sum(m, "paid") - sum(m, "refunded")
  if (kind === "store_credit") return total
  const t = m.byMethod[kind] ?? { paid: 0, refunded: 0 }
  return Math.min(total, t.paid - t.refunded)
}
const part = (amount: number, percent: number) => Math.max(1, Math.floor((amount * percent) / 100))

/** The answer has the expected status; otherwise the failure shows the whole answer. */
export function expectStatus(res: { status: number; data: unknown }, status: number, what: string) {
  expect({ [what]: res.status, body: res.status === status ? "(as expected)" : res.data }).toEqual({ [what]: status, body: "(as expected)" })
}

/** After every step: the books agree, the chain holds what the model holds, Medusa shows the returns, and what is owed is Medusa's balance less what is held. */
export async function verify(m: Model, shop: Shop) {
  await expectBooksAgree(shop.container, m.order_id)
  const chain = await chainOf(shop, m.payment_id)
  const nonZero = (t: Record<string, { paid: number; refunded: number }>) =>
    Object.fromEntries(Object.entries(t).filter(([, v]) => v.paid || v.refunded))
  expect({ by_method: nonZero(chain.totals.by_method), authorized: chain.totals.authorized, paid_out: chain.totals.paid_out }).toEqual({
    by_method: nonZero(m.byMethod),
    authorized: m.held,
    paid_out: m.paidOut,
  })
  const items = await itemQuantities(shop, m.order_id)
  const returned = Object.fromEntries(Object.entries(items).filter(([, q]) => q.returned).map(([sku, q]) => [sku, q.returned]))
  expect({ returned_in_medusa: returned }).toEqual({ returned_in_medusa: Object.fromEntries(Object.entries(m.returned).filter(([, q]) => q)) })
  const summary = await summaryOf(shop, m.order_id, m.currency)
  expect({ order_owed: chain.totals.order_owed }).toEqual({ order_owed: Math.max(0, summary.pending_difference - m.held) })
}

const step = (name: string, check: (m: Readonly<Model>) => boolean, run: (m: Model, shop: Shop) => Promise<void>): Cmd => ({
  check,
  async run(m, shop) {
    // BOOKS_TRACE=1 prints each step as it runs (which steps a passing run took).
    if (process.env.BOOKS_TRACE) process.stdout.write(`[books] ${m.currency} ${m.order_id}: ${name}\n`)
    await run(m, shop)
    await verify(m, shop)
  },
  toString: () => name,
})

const capture = () =>
  step("capture in Medusa", (m) => m.held > 0, async (m, shop) => {
    expectStatus(await captureInMedusa(shop, m.medusa_payment_id), 200, "capture")
    method(m, "card").paid += m.held
    m.held = 0
  })

const addOn = (tender: "cash" | "card" | "gift_card", deposit: boolean) =>
  step(`till add-on ${deposit ? "deposit" : "sale"} in ${tender}`, () => true, async (m, shop) => {
    const sku = deposit ? "TOTE-NATURAL" : "CUP-GLAZED"
    const price = PRICES[m.currency][sku]
    const paid = deposit ? Math.floor(price / 2) : price
    const res = await tillAddOn(shop, { payment_id: m.payment_id, currency: m.currency, sku, tender, paid })
    expectStatus(res, 201, "till sale")
    expect(res.data.order_id).toBe(m.order_id)
    method(m, tender).paid += paid
    if (!deposit) m.returnable[sku] = (m.returnable[sku] ?? 0) + 1
  })

const candidates = (m: Readonly<Model>, kind: Method) =>
  Object.keys(m.returnable).filter((sku) => m.returnable[sku] > 0 && refundable(m as Model, kind) >= PRICES[m.currency][sku]).sort()

const tillReturn = (kind: Method, pick: number) =>
  step(`till return with items, refunded as ${kind}`, (m) => candidates(m, kind).length > 0, async (m, shop) => {
    const options = candidates(m, kind)
    const sku = options[pick % options.length]
    const amount = PRICES[m.currency][sku]
    const res = await tillRefund(shop, {
      payment_id: m.payment_id, amount, currency_code: m.currency, reference: nextRef("R-RETURN"), method: kind, items: [{ sku, quantity: 1 }], restock: true,
    })
    expectStatus(res, 201, "till return")
    method(m, kind).refunded += amount
    m.returnable[sku] -= 1
    m.returned[sku] = (m.returned[sku] ?? 0) + 1
  })

const moneyRefund = (kind: "card" | "cash" | "store_credit", via: "admin" | "till", percent: number) =>
  step(`${kind} refund of ${percent}% at the ${via}`, (m) => refundable(m as Model, kind) > 0, async (m, shop) => {
    const amount = part(refundable(m, kind), percent)
    const body = { amount, currency_code: m.currency, reference: nextRef("R-MONEY"), method: kind }
    const res =
      via === "till"
        ? await tillRefund(shop, { payment_id: m.payment_id, ...body })
        : await admin(shop, "post", `/admin/omnichannel/chains/${m.payment_id}/refunds`, body)
    expectStatus(res, 201, `${kind} refund`)
    method(m, kind).refunded += amount
  })

const link = () =>
  step("payment link for what is owed, paid", () => true, async (m, shop) => {
    const owed = (await chainOf(shop, m.payment_id)).totals.order_owed as number
    const res = await admin(shop, "post", `/admin/omnichannel/orders/${m.order_id}/payment-links`, {})
    if (owed === 0) {
      expectStatus(res, 422, "payment link when nothing is owed")
      expect(res.data.code).toBe("NOTHING_OUTSTANDING")
      return
    }
    expectStatus(res, 201, "payment link")
    expect(res.data.payment_link.amount).toBe(owed)
    const paid = await payLink(shop, res.data.payment_link.url)
    expectStatus(paid, 200, "link paid")
    expect(paid.data.status).toBe("paid")
    method(m, "card").paid += owed
  })

const subsequent = (percent: number) =>
  step(`subsequent payment (${percent}% of a cup)`, () => true, async (m, shop) => {
    const amount = part(PRICES[m.currency]["CUP-GLAZED"], percent)
    const body = { amount, currency_code: m.currency, authorization_mode: "SALE" }
    expectStatus(await admin(shop, "post", `/admin/omnichannel/chains/${m.payment_id}/subsequent-payments`, body), 201, "subsequent payment")
    method(m, "card").paid += amount
  })

const payout = (percent: number) =>
  step(`payout (${percent}% of a cup)`, () => true, async (m, shop) => {
    const amount = part(PRICES[m.currency]["CUP-GLAZED"], percent)
    const body = { amount, currency_code: m.currency, reason: "goodwill" }
    expectStatus(await admin(shop, "post", `/admin/omnichannel/chains/${m.payment_id}/payouts`, body), 201, "payout")
    m.paidOut += amount
  })

const percent = fc.integer({ min: 1, max: 100 })
const kind = fc.constantFrom<Method>("card", "cash", "store_credit")

/** Every operation of DESIGN 7.1's property test, each generated only where the model says it is valid (`check`). */
export const orderCommands = [
  fc.constant(null).map(capture),
  fc.tuple(fc.constantFrom("cash", "card", "gift_card" as const), fc.boolean()).map(([t, d]) => addOn(t, d)),
  fc.tuple(kind, fc.nat()).map(([k, p]) => tillReturn(k, p)),
  fc.tuple(fc.constantFrom("card", "cash" as const), percent).map(([k, p]) => moneyRefund(k, k === "cash" ? "till" : "admin", p)),
  fc.tuple(fc.constantFrom("admin", "till" as const), percent).map(([v, p]) => moneyRefund("store_credit", v, p)),
  fc.constant(null).map(link),
  percent.map(subsequent),
  percent.map(payout),
]
