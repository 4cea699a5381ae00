import { z } from "@medusajs/framework/zod"
import { MAX_MINOR_AMOUNT } from "../../money"
import { currencyCode, minorAmount, refundMethod, text } from "../utils/zod-fields"

export const PosRefundBody = z
  .object({
    payment_id: text(19),
    amount: minorAmount,
    currency_code: currencyCode,
    reference: text(200),
    method: refundMethod,
    // Goods brought back: a Medusa return of them, received at the terminal's location.
    items: z
      .array(
        z
          .object({
            sku: text(100),
            quantity: z.number().int().positive().max(10000),
            reason: text(200).optional(),
          })
          .strict()
      )
      .min(1)
      .max(200)
      .optional(),
    restock: z.boolean().optional(),
  })
  .strict()

export const ClickCollectVerifyBody = z
  .object({
    payment_id: text(19),
    offline_token: z.string().regex(/^[0-9A-Fa-f]{64}$/, "Expected 64 hex characters"),
  })
  .strict()

const card = z
  .object({
    brand: text(40).optional(),
    bin: z.string().regex(/^\d{6}$/, "Expected 6 digits"),
    last4: z.string().regex(/^\d{4}$/, "Expected 4 digits"),
    // Optional: offline tokens are a feature the merchant turns on; without one (or a PAR) the sale has no CRM token.
    offline_token: z.string().regex(/^[0-9A-Fa-f]{64}$/, "Expected 64 hex characters").optional(),
    par: z.string().regex(/^[0-9A-Za-z]{1,64}$/, "Expected the payment account reference (up to 64 letters and digits)").optional(),
    store_credentials: z.boolean().optional(),
  })
  .strict()

const cardPayment = z
  .object({
    method: z.literal("card"),
    amount: minorAmount,
    authorization_mode: z.literal("SALE").default("SALE"),
    acquirer_reference: text(100).optional(),
    card: card.optional(),
    // Approved by the terminal while it had no network: owed but expected until the till reports the outcome.
    offline: z.boolean().optional(),
  })
  .strict()
  .superRefine((p, ctx) => {
    if (p.offline && !p.acquirer_reference) {
      ctx.addIssue({ code: "custom", path: ["acquirer_reference"], message: "Required for a payment approved offline (its outcome is reported by it)" })
    }
  })

const cashPayment = z
  .object({
    method: z.literal("cash"),
    /** What the till kept. */
    amount: minorAmount,
    tendered: minorAmount.optional(),
    change: z.number().int("Expected an integer number of minor units").min(0).max(MAX_MINOR_AMOUNT).optional(),
  })
  .strict()
  .superRefine((p, ctx) => {
    if (p.tendered !== undefined && p.tendered - (p.change ?? p.tendered - p.amount) !== p.amount) {
      ctx.addIssue({ code: "custom", path: ["change"], message: "tendered less change must equal amount (what the till kept)" })
    }
    if (p.tendered === undefined && p.change !== undefined) {
      ctx.addIssue({ code: "custom", path: ["tendered"], message: "Required with change" })
    }
    if (p.tendered !== undefined && p.tendered < p.amount) {
      ctx.addIssue({ code: "custom", path: ["tendered"], message: "Must be at least amount" })
    }
  })

const giftCardPayment = z.object({ method: z.literal("gift_card"), amount: minorAmount, code: text(100) }).strict()
const storeCreditPayment = z.object({ method: z.literal("store_credit"), amount: minorAmount }).strict()
const externalPayment = z
  .object({
    method: z.literal("external"),
    amount: minorAmount,
    /** What it was: a voucher, another provider's terminal... shown to the admin. */
    label: text(100),
    reference: text(200).optional(),
  })
  .strict()

const TENDERS = ["card", "cash", "gift_card", "store_credit", "external"] as const
const payment = z.discriminatedUnion("method", [cardPayment, cashPayment, giftCardPayment, storeCreditPayment, externalPayment], {
  error: (issue) => (issue.code === "invalid_union" ? `method: expected one of ${TENDERS.join(", ")}` : undefined),
})

export const PosSaleBody = z
  .object({
    sale_id: text(100),
    occurred_at: z.string().datetime({ offset: true, message: "Expected an ISO 8601 date-time" }),
    currency_code: currencyCode,
    payment_id: z.string().optional(),
    order_id: z.string().optional(),
    customer: z
      .object({ email: z.string().email("Expected an email address"), first_name: z.string().max(200).optional(), last_name: z.string().max(200).optional() })
      .strict()
      .optional(),
    items: z
      .array(
        z
          .object({
            sku: text(100),
            quantity: z.number().int("Expected an integer").positive("Must be greater than 0").max(100000),
            unit_price: z.number().int("Expected an integer number of minor units").min(0).max(MAX_MINOR_AMOUNT),
            fulfilled: z.boolean().default(true),
          })
          .strict()
      )
      .max(500),
    payments: z.array(payment).max(20),
    /** Where lines sold `fulfilled: false` will be handed over; the terminal's location if not named. */
    ship_from_location_id: text(100).optional(),
  })
  .strict()
  .superRefine((sale, ctx) => {
    if (sale.payments.some((p) => p.method === "store_credit") && !sale.customer) {
      ctx.addIssue({ code: "custom", path: ["customer"], message: "Required to pay with store credit" })
    }
  })
export type PosSaleBody = z.infer<typeof PosSaleBody>

const STOCK_EVENT_TYPES = ["stock.counted", "stock.adjusted", "item.returned"] as const

export const PosStockEventBody = z
  .object({
    event_id: text(100),
    type: z.enum(STOCK_EVENT_TYPES, { error: `Expected one of ${STOCK_EVENT_TYPES.join(", ")}` }),
    sku: text(100),
    quantity: z.number({ error: (issue) => (issue.input === undefined ? "Required" : "Expected an integer") }).int("Expected an integer").min(-100000).max(100000),
    occurred_at: z.string().datetime({ offset: true, message: "Expected an ISO 8601 date-time" }),
  })
  .strict()
  .superRefine((event, ctx) => {
    // A count is a level (0 or more); a return puts units back (1 or more); an adjustment moves either way.
    const rule =
      event.type === "stock.counted"
        ? event.quantity < 0 && "A counted level cannot be negative"
        : event.type === "item.returned"
          ? event.quantity < 1 && "A return puts back at least 1 unit"
          : event.quantity === 0 && "An adjustment of 0 changes nothing"
    if (rule) ctx.addIssue({ code: "custom", path: ["quantity"], message: rule })
  })
export type PosStockEventBody = z.infer<typeof PosStockEventBody>
