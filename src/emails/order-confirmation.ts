/**
 * The reference store's order confirmation: what the customer ordered, what it costs and where
 * it goes. Amounts are Medusa's (major units, as the order has them). The store renders the
 * email itself (`content`, which providers such as SendGrid or Resend send as is); `data` carries
 * the same facts for a provider that renders its own template named ORDER_CONFIRMATION_TEMPLATE.
 */
export const ORDER_CONFIRMATION_TEMPLATE = "order-confirmation"

export type OrderConfirmationData = {
  order_id: string
  display_id: number | null
  currency_code: string
  items: { title: string; quantity: number; unit_price: number; total: number }[]
  shipping: { name: string; total: number }[]
  subtotal: number
  shipping_total: number
  tax_total: number
  discount_total: number
  total: number
  ship_to: string | null
  store_name: string | null
}

export type EmailContent = { subject: string; text: string; html: string }

function money(amount: number, currency: string): string {
  return new Intl.NumberFormat("en-GB", { style: "currency", currency: currency.toUpperCase() }).format(amount)
}

function escapeHtml(value: unknown): string {
  return String(value ?? "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;")
}

function table(rows: [string, string][]): string {
  const cells = rows
    .map(([label, value]) => `<tr><td style="padding:4px 12px 4px 0">${escapeHtml(label)}</td><td style="padding:4px 0;text-align:right">${escapeHtml(value)}</td></tr>`)
    .join("")
  return `<table style="border-collapse:collapse">${cells}</table>`
}

export function renderOrderConfirmation(d: OrderConfirmationData): EmailContent {
  const c = d.currency_code
  const order = d.display_id ? `order #${d.display_id}` : "order"
  // One line: nothing a store name or title holds can add a header.
  const subject = `${d.store_name ? `${d.store_name}: ` : ""}your ${order} is confirmed`.replace(/[\r\n]+/g, " ")
  const lines: [string, string][] = d.items.map((i) => [`${i.quantity} x ${i.title}`, money(i.total, c)])
  const totals: [string, string][] = [
    ["Items", money(d.subtotal, c)],
    ...d.shipping.map((s): [string, string] => [`Shipping (${s.name})`, money(s.total, c)]),
    ...(d.discount_total ? [["Discount", `-${money(d.discount_total, c)}`] as [string, string]] : []),
    ...(d.tax_total ? [["Tax", money(d.tax_total, c)] as [string, string]] : []),
    ["Total", money(d.total, c)],
  ]
  const intro = `Thank you for your ${order}. We have received it and will let you know when it ships.`
  const shipTo = d.ship_to ? `Delivering to: ${d.ship_to}` : null
  const text = [
    intro,
    "",
    ...lines.map(([k, v]) => `${k}  ${v}`),
    "",
    ...totals.map(([k, v]) => `${k}: ${v}`),
    ...(shipTo ? ["", shipTo] : []),
  ].join("\n")
  const html =
    `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>` +
    `<body style="font-family:Arial,Helvetica,sans-serif;font-size:14px;color:#111">` +
    `<p>${escapeHtml(intro)}</p>${table(lines)}<hr>${table(totals)}` +
    (shipTo ? `<p>${escapeHtml(shipTo)}</p>` : "") +
    `</body></html>`
  return { subject, text, html }
}
