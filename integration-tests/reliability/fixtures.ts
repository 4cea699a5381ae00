import { randomInt } from "node:crypto"
import axios from "axios"
import { luhnCheckDigit } from "../../plugin/src/cards/luhn"
import { PosClient, computeOfflineToken, type PosSale } from "../../plugin/src/pos-client"
import { tokenKey } from "../../src/demo-token-key"
import { checkout, TEST_CARDS, type CheckoutOptions } from "../helpers/checkout"
import type { InstanceName } from "../helpers/store-cluster"
import { sleep, type Harness } from "./harness"

/** A storefront checkout on one instance; the order once the worker has linked its chain. */
export async function onlineOrder(h: Harness, on: InstanceName, opts: Partial<CheckoutOptions> = {}) {
  const card = opts.card ?? TEST_CARDS.approved
  h.cardNumbers.add(card)
  const placed = await checkout(axios.create({ baseURL: h.cluster.url(on) }), h.seed, { card, store_credentials: true, platform: h.acquirer.browser, ...opts })
  if (!placed.order) return { placed, order_id: null, payment_id: null }
  const admin = h.admin["server-a"]
  for (let i = 0; i < 80; i++) {
    const chains = (await admin.get(`/admin/omnichannel/chains?order_id=${placed.order.id}`)).data.chains
    if (chains?.[0]) return { placed, order_id: placed.order.id as string, payment_id: chains[0].payment_id as string }
    await sleep(250)
  }
  throw new Error(`order ${placed.order.id} was never linked to its chain (is the worker running?)`)
}

/** An online order paid by card and captured with Medusa's own admin action. */
export async function capturedOnlineChain(h: Harness, on: InstanceName) {
  const order = await onlineOrder(h, on)
  if (!order.order_id) throw new Error(`checkout failed: ${JSON.stringify(order.placed.completed?.data)}`)
  const admin = h.admin[on === "worker" ? "server-a" : on]
  const o = (await admin.get(`/admin/orders/${order.order_id}?fields=id,*payment_collections.payments`)).data.order
  const captured = await admin.post(`/admin/payments/${o.payment_collections[0].payments[0].id}/capture`, {})
  if (captured.status !== 200) throw new Error(`capture failed: ${JSON.stringify(captured.data)}`)
  const chain = (await admin.get(`/admin/omnichannel/chains/${order.payment_id}`)).data.chain
  return { order_id: order.order_id, payment_id: order.payment_id!, paid: chain.totals.paid as number }
}

/** A till at Store Paris, talking to the given instance. */
export async function till(h: Harness, name: string, on: InstanceName) {
  const created = await h.admin["server-a"].post("/admin/omnichannel/terminals", { name, stock_location_id: h.seed.stock_location_ids.store_paris })
  if (created.status !== 201) throw new Error(`cannot create a terminal: ${JSON.stringify(created.data)}`)
  const { terminal, secret } = created.data
  return {
    terminal_id: terminal.id as string,
    on: (instance: InstanceName) => new PosClient({ baseUrl: h.cluster.url(instance), terminalId: terminal.id, secret, timeoutMs: 30_000 }),
    client: new PosClient({ baseUrl: h.cluster.url(on), terminalId: terminal.id, secret, timeoutMs: 30_000 }),
  }
}

export function randomPan(h: Harness) {
  const body = "4" + Array.from({ length: 14 }, () => randomInt(0, 10)).join("")
  const pan = body + luhnCheckDigit(body)
  h.cardNumbers.add(pan)
  return pan
}

const LINES = [
  { sku: "SHIRT-S", unit_price: 1500 },
  { sku: "TOTE-NATURAL", unit_price: 1250 },
  { sku: "CUP-GLAZED", unit_price: 900 },
]

/** A till's sale of three lines paid by one card: the card is seen only as bin, last4 and offline token. */
export function threeLineSale(h: Harness, saleId: string): PosSale {
  const pan = randomPan(h)
  const total = LINES.reduce((s, l) => s + l.unit_price, 0)
  return {
    sale_id: saleId,
    occurred_at: new Date().toISOString(),
    currency_code: "EUR",
    items: LINES.map((l) => ({ ...l, quantity: 1, fulfilled: true })),
    payments: [
      {
        method: "card",
        amount: total,
        acquirer_reference: `TILL-${saleId}`,
        card: { brand: "visa", bin: pan.slice(0, 6), last4: pan.slice(-4), offline_token: computeOfflineToken(tokenKey(), pan) },
      },
    ],
  }
}

export const SALE_LINES = LINES
