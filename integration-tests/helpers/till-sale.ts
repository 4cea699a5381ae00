import assert from "node:assert/strict"
import type { AxiosInstance } from "axios"
import { PosClient, type PosSale } from "../../plugin/src/pos-client"

/** A till sale in EUR merged into a chain by its payment id: one line, paid in full by the card whose offline token is given. */
export function cardSaleOnChain(input: {
  sale_id: string
  payment_id: string
  sku: string
  quantity: number
  unit_price: number
  acquirer_reference: string
  offline_token: string
}): PosSale {
  const amount = input.quantity * input.unit_price
  return {
    sale_id: input.sale_id,
    occurred_at: new Date().toISOString(),
    currency_code: "EUR",
    payment_id: input.payment_id,
    items: [{ sku: input.sku, quantity: input.quantity, unit_price: input.unit_price, fulfilled: true }],
    payments: [
      {
        method: "card",
        amount,
        acquirer_reference: input.acquirer_reference,
        card: { brand: "visa", bin: "424242", last4: "4242", offline_token: input.offline_token },
      },
    ],
  }
}

/** A terminal made through the admin API, and a POS client signing with its secret (shown once). */
export async function newTill(
  api: AxiosInstance,
  headers: Record<string, string>,
  body: { name: string; stock_location_id: string; webhook_url?: string }
) {
  const res = await api.post("/admin/omnichannel/terminals", body, { headers })
  const { terminal, secret } = res.data as { terminal: { id: string; stock_location_id: string }; secret: string }
  return { terminal, secret, pos: new PosClient({ baseUrl: api.defaults.baseURL!, terminalId: terminal.id, secret }) }
}

/** A till deposit (10.00 EUR cash on a 30.00 EUR basket) and the merchant's payment link for the 20.00 EUR left. */
export async function tillDepositWithLink(adminApi: AxiosInstance, stockLocationId: string, email: string) {
  const { pos } = await newTill(adminApi, {}, { name: `Paris till (link e2e ${Date.now()})`, stock_location_id: stockLocationId })
  const sale = await pos.sales({
    sale_id: `E2E-LINK-${Date.now()}-${Math.random().toString(36).slice(2, 6)}`,
    occurred_at: new Date().toISOString(),
    currency_code: "EUR",
    items: [{ sku: "SHIRT-M", quantity: 2, unit_price: 1500, fulfilled: true }],
    payments: [{ method: "cash", amount: 1000 }],
  })
  assert.equal(sale.status, 201, `POS sale refused: ${JSON.stringify(sale.data)}`)
  const orderId = sale.data.order_id as string
  const created = await adminApi.post(`/admin/omnichannel/orders/${orderId}/payment-links`, { customer_email: email })
  assert.equal(created.status, 201, `payment link refused: ${JSON.stringify(created.data)}`)
  return { orderId, link: created.data.payment_link as { url: string; amount: number; currency_code: string; status: string } }
}
