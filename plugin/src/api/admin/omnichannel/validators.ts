import { z } from "@medusajs/framework/zod"
import { MAX_MINOR_AMOUNT } from "../../../money"
import { AUTHORIZATION_MODES, CHANNELS } from "../../../modules/omnichannel/types"

export const ListChainsQuery = z.object({
  order_id: z.string().optional(),
  crm_token: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
})
export type ListChainsQuery = z.infer<typeof ListChainsQuery>

const minorAmount = z
  .number({ error: (issue) => (issue.input === undefined ? "Required" : "Expected an integer number of minor units") })
  .int("Expected an integer number of minor units")
  .positive("Must be greater than 0")
  .max(MAX_MINOR_AMOUNT)
const currencyCode = z.string({ error: (issue) => (issue.input === undefined ? "Required" : "Expected a string") }).regex(/^[A-Za-z]{3}$/, "Expected an ISO 4217 code")

export const CreateRefundBody = z
  .object({
    amount: minorAmount,
    currency_code: currencyCode,
    reference: z.string({ error: (issue) => (issue.input === undefined ? "Required" : "Expected a string") }).trim().min(1, "Required").max(200),
    note: z.string().max(1000).optional(),
    prefer_channel: z.enum(CHANNELS).optional(),
  })
  .strict()
export type CreateRefundBody = z.infer<typeof CreateRefundBody>

export const CreatePayoutBody = z
  .object({
    amount: minorAmount,
    currency_code: currencyCode,
    reason: z.string({ error: (issue) => (issue.input === undefined ? "Required" : "Expected a string") }).trim().min(1, "Required").max(1000),
  })
  .strict()
export type CreatePayoutBody = z.infer<typeof CreatePayoutBody>

export const CreateSubsequentPaymentBody = z
  .object({
    amount: minorAmount,
    currency_code: currencyCode,
    authorization_mode: z.enum(AUTHORIZATION_MODES),
  })
  .strict()
export type CreateSubsequentPaymentBody = z.infer<typeof CreateSubsequentPaymentBody>
