import { z } from "@medusajs/framework/zod"
import { MAX_MINOR_AMOUNT } from "../../money"
import { currencyCode, minorAmount, text } from "../utils/zod-fields"

export const PosRefundBody = z
  .object({
    payment_id: text(19),
    amount: minorAmount,
    currency_code: currencyCode,
    reference: text(200),
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
    offline_token: z.string().regex(/^[0-9A-Fa-f]{64}$/, "Expected 64 hex characters"),
    store_credentials: z.boolean().optional(),
  })
  .strict()

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
    payments: z
      .array(
        z
          .object({
            method: z.literal("card"),
            amount: minorAmount,
            authorization_mode: z.literal("SALE").default("SALE"),
            acquirer_reference: text(100).optional(),
            card: card.optional(),
          })
          .strict()
      )
      .max(20),
  })
  .strict()
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
