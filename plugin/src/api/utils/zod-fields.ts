import { z } from "@medusajs/framework/zod"
import { MAX_MINOR_AMOUNT } from "../../money"

/** Field types every route body shares; their messages follow the "field: problem" rule of respond.ts. */
export const minorAmount = z
  .number({ error: (issue) => (issue.input === undefined ? "Required" : "Expected an integer number of minor units") })
  .int("Expected an integer number of minor units")
  .positive("Must be greater than 0")
  .max(MAX_MINOR_AMOUNT)

export const currencyCode = z
  .string({ error: (issue) => (issue.input === undefined ? "Required" : "Expected a string") })
  .regex(/^[A-Za-z]{3}$/, "Expected an ISO 4217 code")

export const text = (max: number) =>
  z.string({ error: (issue) => (issue.input === undefined ? "Required" : "Expected a string") }).trim().min(1, "Required").max(max)

const REFUND_METHODS = ["card", "cash", "store_credit", "gift_card"] as const
/** How a refund goes back: to the card (default), in cash (tills only), as store credit or a new gift card. */
export const refundMethod = z.enum(REFUND_METHODS, { error: `Expected one of ${REFUND_METHODS.join(", ")}` }).default("card")
