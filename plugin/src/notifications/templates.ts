import { z } from "@medusajs/framework/zod"
import { formatMinor } from "../money"
import { CHANNELS, type Channel } from "../modules/omnichannel/types"
import { CURRENCY_EXPONENTS } from "../money/currencies"
import { escapeHtml, formatDateTime, htmlDocument, htmlTable, oneLine } from "./html"

/**
 * The plugin's emails. Each template checks its data (what the Notification Module stores
 * and hands to the provider: a provider with its own templates renders from `data`) and
 * renders `{ subject, text, html }` itself (handed over as `content`, which providers such
 * as SendGrid send as is). Amounts are minor units, shown with the currency's exponent.
 */
export type EmailContent = { subject: string; text: string; html: string }

export type EmailTemplate<S extends z.ZodType> = {
  id: string
  schema: S
  render(data: z.output<S>): EmailContent
}

function defineTemplate<S extends z.ZodType>(template: EmailTemplate<S>): EmailTemplate<S> {
  return template
}

const minor = z.number().int().nonnegative()
const currencyCode = z
  .string()
  .transform((c) => c.trim().toUpperCase())
  .refine((c) => c in CURRENCY_EXPONENTS, "Expected an ISO 4217 code")
const isoDateTime = z
  .union([z.string(), z.date()])
  .pipe(z.coerce.date())
  .transform((d) => d.toISOString())
/** Who the customer is dealing with, and the order the email is about, when there is one. */
const context = {
  store_name: z.string().nullish(),
  order_display_id: z.number().int().nullish(),
}

const money = (amount: number, currency: string) => formatMinor(amount, currency)
const greeting = (store?: string | null) => (store ? `${store}: ` : "")
const orderWords = (displayId?: number | null) => (displayId ? `order #${displayId}` : "your purchase")

export const PaymentRequestData = z.object({
  amount: minor,
  currency_code: currencyCode,
  url: z.url({ protocol: /^https?$/ }),
  expires_at: isoDateTime,
  note: z.string().nullish(),
  ...context,
})

/** The link a customer pays with: amount, where to pay, until when, and the merchant's note. */
export const paymentRequestTemplate = defineTemplate({
  id: "omnichannel-payment-request",
  schema: PaymentRequestData,
  render(d) {
    const amount = money(d.amount, d.currency_code)
    const expires = formatDateTime(d.expires_at)
    const subject = oneLine(`${greeting(d.store_name)}payment request of ${amount}`)
    const lines = [
      `You are asked to pay ${amount} for ${orderWords(d.order_display_id)}.`,
      ...(d.note ? ["", `Message from the shop: ${d.note}`] : []),
      "",
      `Pay here: ${d.url}`,
      `This link can be used until ${expires}.`,
    ]
    const html = htmlDocument(subject, [
      `<p>You are asked to pay <strong>${escapeHtml(amount)}</strong> for ${escapeHtml(orderWords(d.order_display_id))}.</p>`,
      d.note ? `<p>Message from the shop:<br>${escapeHtml(d.note).replace(/\r?\n/g, "<br>")}</p>` : "",
      `<p><a href="${escapeHtml(d.url)}" style="display:inline-block;padding:10px 16px;background:#111;color:#fff;text-decoration:none;border-radius:4px">Pay ${escapeHtml(amount)}</a></p>`,
      `<p style="color:#555">Or open ${escapeHtml(d.url)}<br>This link can be used until ${escapeHtml(expires)}.</p>`,
    ])
    return { subject, text: lines.join("\n"), html }
  },
})

export const PaymentReceivedData = z.object({
  amount: minor,
  currency_code: currencyCode,
  paid_at: isoDateTime,
  payment_id: z.string(),
  ...context,
})

/** The customer paid through the link. */
export const paymentReceivedTemplate = defineTemplate({
  id: "omnichannel-payment-received",
  schema: PaymentReceivedData,
  render(d) {
    const amount = money(d.amount, d.currency_code)
    const subject = oneLine(`${greeting(d.store_name)}payment of ${amount} received`)
    const rows: [string, string][] = [
      ["Amount", amount],
      ["Paid", formatDateTime(d.paid_at)],
      ["Payment id", d.payment_id],
      ...(d.order_display_id ? ([["Order", `#${d.order_display_id}`]] as [string, string][]) : []),
    ]
    const text = [`Thank you: we received your payment of ${amount} for ${orderWords(d.order_display_id)}.`, "", ...rows.map(([k, v]) => `${k}: ${v}`)].join("\n")
    const html = htmlDocument(subject, [
      `<p>Thank you: we received your payment of <strong>${escapeHtml(amount)}</strong> for ${escapeHtml(orderWords(d.order_display_id))}.</p>`,
      htmlTable(rows),
    ])
    return { subject, text, html }
  },
})

/** A card on a receipt: its brand and last 4 digits, nothing else (unknown keys are dropped). */
const ReceiptCard = z.object({ brand: z.string().nullish(), last4: z.string().regex(/^\d{4}$/) })

export const ReceiptPayment = z.discriminatedUnion("method", [
  z.object({ method: z.literal("card"), amount: minor, card: ReceiptCard.nullish() }),
  z.object({ method: z.literal("cash"), amount: minor, tendered: minor.nullish(), change: minor.nullish() }),
  // The gift card's code masked by the caller ("****1234"): a full code is money.
  z.object({ method: z.literal("gift_card"), amount: minor, code: z.string().regex(/^\*{4}.{0,4}$/).nullish() }),
  z.object({ method: z.literal("store_credit"), amount: minor }),
  z.object({ method: z.literal("external"), amount: minor, label: z.string().nullish() }),
])
export type ReceiptPayment = z.output<typeof ReceiptPayment>

export const TillReceiptData = z.object({
  sale_id: z.string(),
  occurred_at: isoDateTime,
  currency_code: currencyCode,
  lines: z.array(z.object({ title: z.string(), quantity: z.number().int().positive(), unit_price: minor })),
  payments: z.array(ReceiptPayment),
  payment_id: z.string(),
  ...context,
})

const capitalized = (s: string) => s.charAt(0).toUpperCase() + s.slice(1)

/** How a tender reads on a receipt. */
export function tenderWords(p: ReceiptPayment, currency: string): string {
  switch (p.method) {
    case "card":
      return p.card ? `Card ${p.card.brand ? `${capitalized(p.card.brand)} ` : ""}ending ${p.card.last4}` : "Card"
    case "cash":
      return p.tendered != null
        ? `Cash (given ${money(p.tendered, currency)}, change ${money(p.change ?? p.tendered - p.amount, currency)})`
        : "Cash"
    case "gift_card":
      return p.code ? `Gift card ${p.code}` : "Gift card"
    case "store_credit":
      return "Store credit"
    case "external":
      return p.label || "Other"
  }
}

/** The e-receipt of a till sale: lines, each tender, total, what is left to pay, and the payment id. */
export const tillReceiptTemplate = defineTemplate({
  id: "omnichannel-till-receipt",
  schema: TillReceiptData,
  render(d) {
    const c = d.currency_code
    const total = d.lines.reduce((sum, l) => sum + l.quantity * l.unit_price, 0)
    const paid = d.payments.reduce((sum, p) => sum + p.amount, 0)
    const subject = oneLine(`${greeting(d.store_name)}your receipt, ${money(total, c)}`)
    const lines = d.lines.map((l) => [`${l.quantity} x ${l.title}`, money(l.quantity * l.unit_price, c)] as [string, string])
    const tenders = d.payments.map((p) => [tenderWords(p, c), money(p.amount, c)] as [string, string])
    const totals: [string, string][] = [
      ["Total", money(total, c)],
      ...(paid < total ? ([["Paid", money(paid, c)], ["Still to pay", money(total - paid, c)]] as [string, string][]) : []),
    ]
    const about: [string, string][] = [
      ["Date", formatDateTime(d.occurred_at)],
      ["Sale", d.sale_id],
      ...(d.order_display_id ? ([["Order", `#${d.order_display_id}`]] as [string, string][]) : []),
      ["Payment id", d.payment_id],
    ]
    const text = [
      "Thank you for your purchase.",
      "",
      ...lines.map(([k, v]) => `${k}  ${v}`),
      "",
      ...totals.map(([k, v]) => `${k}: ${v}`),
      "",
      "Paid with:",
      ...tenders.map(([k, v]) => `${k}  ${v}`),
      "",
      ...about.map(([k, v]) => `${k}: ${v}`),
      "",
      "Keep the payment id: it finds this purchase for a refund, in the shop or online.",
    ].join("\n")
    const html = htmlDocument(subject, [
      `<p>Thank you for your purchase.</p>`,
      htmlTable(lines),
      `<hr>`,
      htmlTable(totals),
      `<p style="margin-bottom:4px">Paid with:</p>`,
      htmlTable(tenders),
      `<hr>`,
      htmlTable(about),
      `<p style="color:#555">Keep the payment id: it finds this purchase for a refund, in the shop or online.</p>`,
    ])
    return { subject, text, html }
  },
})

const REFUND_METHOD_WORDS = {
  card: "to the card you paid with",
  cash: "in cash",
  store_credit: "as store credit on your account",
  gift_card: "on a new gift card",
} as const

const CHANNEL_WORDS: Partial<Record<Channel, string>> = { in_store: "in the shop", kiosk: "at a kiosk", phone: "by phone" }

export const RefundConfirmationData = z.object({
  amount: minor,
  currency_code: currencyCode,
  method: z.enum(["card", "cash", "store_credit", "gift_card"]),
  channel: z.enum(CHANNELS),
  payment_id: z.string(),
  ...context,
})

/** A refund, made at a till or by the shop's staff online, whatever it went back as. */
export const refundConfirmationTemplate = defineTemplate({
  id: "omnichannel-refund-confirmation",
  schema: RefundConfirmationData,
  render(d) {
    const amount = money(d.amount, d.currency_code)
    const subject = oneLine(`${greeting(d.store_name)}refund of ${amount}`)
    const where = CHANNEL_WORDS[d.channel] ?? "online"
    const sentence = `We refunded ${amount} ${REFUND_METHOD_WORDS[d.method]} for ${orderWords(d.order_display_id)} (refund made ${where}).`
    const card = d.method === "card" ? "A card refund can take a few days to show on your statement." : null
    const rows: [string, string][] = [
      ["Amount", amount],
      ["Payment id", d.payment_id],
      ...(d.order_display_id ? ([["Order", `#${d.order_display_id}`]] as [string, string][]) : []),
    ]
    const text = [sentence, ...(card ? [card] : []), "", ...rows.map(([k, v]) => `${k}: ${v}`)].join("\n")
    const html = htmlDocument(subject, [
      `<p>${escapeHtml(sentence)}</p>`,
      card ? `<p style="color:#555">${escapeHtml(card)}</p>` : "",
      htmlTable(rows),
    ])
    return { subject, text, html }
  },
})

export const OfflineDeclineData = z.object({
  amount: minor,
  currency_code: currencyCode,
  url: z.url({ protocol: /^https?$/ }),
  expires_at: isoDateTime,
  /** When the customer paid at the till. */
  occurred_at: isoDateTime,
  card: ReceiptCard.nullish(),
  ...context,
})

/**
 * A card the till approved while offline, declined by its issuer afterwards: the customer
 * has the goods, so they are asked, politely, to pay the amount through a link. The
 * issuer's reason is not told (it is the bank's business with its customer).
 */
export const offlineDeclineTemplate = defineTemplate({
  id: "omnichannel-offline-decline",
  schema: OfflineDeclineData,
  render(d) {
    const amount = money(d.amount, d.currency_code)
    const expires = formatDateTime(d.expires_at)
    const card = d.card ? `your card ${d.card.brand ? `${capitalized(d.card.brand)} ` : ""}ending ${d.card.last4}` : "your card"
    const sentence =
      `On ${formatDateTime(d.occurred_at)} you paid ${amount} in our shop for ${orderWords(d.order_display_id)}, ` +
      `but the payment with ${card} was declined by its bank afterwards, so it was not taken.`
    const subject = oneLine(`${greeting(d.store_name)}your payment of ${amount} did not go through`)
    const lines = [sentence, "", `You can pay the ${amount} here: ${d.url}`, `This link can be used until ${expires}.`, "", "If you already paid in another way, please ignore this message."]
    const html = htmlDocument(subject, [
      `<p>${escapeHtml(sentence)}</p>`,
      `<p><a href="${escapeHtml(d.url)}" style="display:inline-block;padding:10px 16px;background:#111;color:#fff;text-decoration:none;border-radius:4px">Pay ${escapeHtml(amount)}</a></p>`,
      `<p style="color:#555">Or open ${escapeHtml(d.url)}<br>This link can be used until ${escapeHtml(expires)}.</p>`,
      `<p style="color:#555">If you already paid in another way, please ignore this message.</p>`,
    ])
    return { subject, text: lines.join("\n"), html }
  },
})

export const EMAIL_TEMPLATES = {
  paymentRequest: paymentRequestTemplate,
  paymentReceived: paymentReceivedTemplate,
  tillReceipt: tillReceiptTemplate,
  refundConfirmation: refundConfirmationTemplate,
  offlineDecline: offlineDeclineTemplate,
}

/** The template's data checked (unknown fields dropped) and its email rendered; throws on data the template cannot show. */
export function renderEmail<S extends z.ZodType>(template: EmailTemplate<S>, data: z.input<S>) {
  const parsed = template.schema.parse(data) as z.output<S>
  return { data: parsed, content: template.render(parsed) }
}
