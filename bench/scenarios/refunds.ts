import axios, { type AxiosInstance } from "axios"
import type { PosClient } from "../../plugin/src/pos-client"
import { checkout, TEST_CARDS } from "../../integration-tests/helpers/checkout"
import { cartOrder, posSale, type StoreContext } from "../flows"
import { performance } from "node:perf_hooks"
import { summarize, type LoadResult } from "../load"

export type RefundResult = { ours: LoadResult; medusa: LoadResult; p50_ratio: number }

const CHAINS = 6

async function capturedPayment(admin: AxiosInstance, orderId: string) {
  const { data } = await admin.get(`/admin/orders/${orderId}?fields=id,*payment_collections.payments`)
  const payment = data.order.payment_collections[0].payments[0]
  const captured = await admin.post(`/admin/payments/${payment.id}/capture`, {})
  if (captured.status !== 200) throw new Error(`capture failed: ${JSON.stringify(captured.data)}`)
  return payment.id as string
}

/**
 * One cross-channel refund (a chain paid online and at a till, refunded through our admin
 * route) against Medusa's own refund of the same amount (an order paid through Medusa's
 * system provider, `POST /admin/payments/:id/refund`), one at a time, the same count each.
 */
export async function refundAgainstMedusa(baseUrl: string, admin: AxiosInstance, ctx: StoreContext, till: PosClient, count: number): Promise<RefundResult> {
  const store = axios.create({ baseURL: baseUrl })
  const run = Date.now().toString(36)
  const chains: string[] = []
  for (let i = 0; i < CHAINS; i++) {
    const placed = await checkout(store, ctx.seed, { card: TEST_CARDS.approved, store_credentials: true, sku: "SHIRT-M", quantity: 2 })
    if (!placed.order) throw new Error(`checkout failed: ${JSON.stringify(placed.completed?.data)}`)
    await capturedPayment(admin, placed.order.id)
    let paymentId = ""
    for (let t = 0; t < 40 && !paymentId; t++) {
      paymentId = (await admin.get(`/admin/omnichannel/chains?order_id=${placed.order.id}`)).data.chains?.[0]?.payment_id ?? ""
      if (!paymentId) await new Promise((r) => setTimeout(r, 250))
    }
    // The same purchase goes on at the till: the chain now spans both channels.
    const sale = await till.sales({
      sale_id: `RB-${run}-${i}`,
      occurred_at: new Date().toISOString(),
      currency_code: "EUR",
      payment_id: paymentId,
      items: [{ sku: "TOTE-NATURAL", quantity: 1, unit_price: 1250, fulfilled: true }],
      payments: [{ method: "card", amount: 1250, acquirer_reference: `RB-${i}` }],
    })
    if (sale.status !== 201) throw new Error(`till sale failed: ${JSON.stringify(sale.data)}`)
    chains.push(paymentId)
  }
  const medusaPayments: string[] = []
  for (let i = 0; i < CHAINS; i++) medusaPayments.push(await capturedPayment(admin, (await cartOrder(store, ctx)).id))

  const ours = async (n: number) => {
    const res = await admin.post(`/admin/omnichannel/chains/${chains[n % CHAINS]}/refunds`, { amount: 100, currency_code: "EUR", reference: `BENCH-${run}-${n}` })
    if (res.status !== 201) throw new Error(`refund answered ${res.status} ${JSON.stringify(res.data)}`)
  }
  const medusa = async (n: number) => {
    const res = await admin.post(`/admin/payments/${medusaPayments[n % CHAINS]}/refund`, { amount: 1 })
    if (res.status !== 200) throw new Error(`Medusa refund answered ${res.status} ${JSON.stringify(res.data)}`)
  }
  // Warm both paths, then alternate them request by request, so drift hits both alike.
  for (let n = 0; n < 4; n++) {
    await ours(10_000 + n)
    await medusa(10_000 + n)
  }
  const times = { ours: [] as number[], medusa: [] as number[] }
  const started = performance.now()
  for (let n = 0; n < count; n++) {
    let t0 = performance.now()
    await ours(n)
    times.ours.push(performance.now() - t0)
    t0 = performance.now()
    await medusa(n)
    times.medusa.push(performance.now() - t0)
  }
  const seconds = (performance.now() - started) / 1000
  const o = summarize(times.ours, 1, 0, seconds)
  const m = summarize(times.medusa, 1, 0, seconds)
  return { ours: o, medusa: m, p50_ratio: Math.round((o.p50_ms / m.p50_ms) * 100) / 100 }
}
