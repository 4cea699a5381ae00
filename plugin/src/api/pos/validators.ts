import { z } from "@medusajs/framework/zod"
import { MAX_MINOR_AMOUNT } from "../../money"

const minorAmount = z
  .number({ error: (issue) => (issue.input === undefined ? "Required" : "Expected an integer number of minor units") })
  .int("Expected an integer number of minor units")
  .positive("Must be greater than 0")
  .max(MAX_MINOR_AMOUNT)
const text = (max: number) =>
  z.string({ error: (issue) => (issue.input === undefined ? "Required" : "Expected a string") }).trim().min(1, "Required").max(max)

export const PosRefundBody = z
  .object({
    payment_id: text(19),
    amount: minorAmount,
    currency_code: z.string().regex(/^[A-Za-z]{3}$/, "Expected an ISO 4217 code"),
    reference: text(200),
  })
  .strict()

export const ClickCollectVerifyBody = z
  .object({
    payment_id: text(19),
    offline_token: z.string().regex(/^[0-9A-Fa-f]{64}$/, "Expected 64 hex characters"),
  })
  .strict()
