import { z } from "@medusajs/framework/zod"
import { CURRENCY_EXPONENTS } from "../../../../money/currencies"
import { minorAmount, text } from "../../../utils/zod-fields"

/** Longest a till may hold an offline payment before forwarding it: 30 days. */
export const MAX_OFFLINE_HOURS = 720

const httpUrl = z.string().url("Expected an http(s) URL").regex(/^https?:\/\//, "Expected an http(s) URL")

/** A till's store-and-forward limits (DESIGN 7.2), all four together; amounts in minor units of currency_code. */
export const OfflineLimitsBody = z
  .object({
    max_payment: minorAmount,
    max_total: minorAmount,
    max_hours: z
      .number({ error: (issue) => (issue.input === undefined ? "Required" : "Expected a whole number of hours") })
      .int("Expected a whole number of hours")
      .positive("Must be greater than 0")
      .max(MAX_OFFLINE_HOURS, `At most ${MAX_OFFLINE_HOURS} hours`),
    currency_code: z
      .string({ error: (issue) => (issue.input === undefined ? "Required" : "Expected a string") })
      .refine((code) => /^[A-Za-z]{3}$/.test(code) && code.toUpperCase() in CURRENCY_EXPONENTS, "Expected an ISO 4217 code"),
  })
  .strict()
  .refine((limits) => limits.max_payment <= limits.max_total, { message: "Must not exceed max_total", path: ["max_payment"] })

export const UpdateTerminalBody = z
  .object({
    name: text(200).optional(),
    webhook_url: httpUrl.nullable().optional(),
    // null clears the limits.
    offline: OfflineLimitsBody.nullable().optional(),
  })
  .strict()
export type UpdateTerminalBody = z.infer<typeof UpdateTerminalBody>
