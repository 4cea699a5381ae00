import { z } from "@medusajs/framework/zod"
import { currencyCode, minorAmount, refundMethod, text } from "../../utils/zod-fields"
import { AUTHORIZATION_MODES, CHANNELS } from "../../../modules/omnichannel/types"
import { OFFLINE_PAYMENT_STATES } from "../../../modules/omnichannel/services/offline-payments"
import { isCrmToken } from "../../../cards/crm-token"
import { parseChainSearch } from "./chains/search"

/** `q`: the admin's search (chains/search.ts); `crm_token` must be one. Filters combine (all must hold). */
export const ListChainsQuery = z
  .object({
    q: z.string().max(64, "q: too long").optional(),
    order_id: z.string().optional(),
    crm_token: z
      .string()
      .optional()
      .refine((v) => v === undefined || isCrmToken(v), { message: "crm_token: not a CRM token (12 to 19 digits that fail the Luhn check)" }),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    offset: z.coerce.number().int().min(0).default(0),
  })
  .transform(({ q, ...query }, ctx) => {
    if (q === undefined || q.trim() === "") return { ...query, search: null }
    const search = parseChainSearch(q)
    if ("error" in search) {
      ctx.addIssue({ code: "custom", path: ["q"], message: search.error })
      return z.NEVER
    }
    return { ...query, search }
  })
export type ListChainsQuery = z.infer<typeof ListChainsQuery>

export const CreateRefundBody = z
  .object({
    amount: minorAmount,
    currency_code: currencyCode,
    reference: text(200),
    note: z.string().max(1000).optional(),
    prefer_channel: z.enum(CHANNELS).optional(),
    method: refundMethod,
  })
  .strict()
export type CreateRefundBody = z.infer<typeof CreateRefundBody>

export const CreatePayoutBody = z
  .object({
    amount: minorAmount,
    currency_code: currencyCode,
    reason: text(1000),
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

export const ListStockDiscrepanciesQuery = z.object({
  stock_location_id: z.string().optional(),
})
export type ListStockDiscrepanciesQuery = z.infer<typeof ListStockDiscrepanciesQuery>

export const ListNotificationsQuery = z.object({
  status: z.enum(["pending", "delivered", "dead"]).optional(),
  terminal_id: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
})
export type ListNotificationsQuery = z.infer<typeof ListNotificationsQuery>

export const ListPosIngestionsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
})
export type ListPosIngestionsQuery = z.infer<typeof ListPosIngestionsQuery>

export const ChannelReportQuery = z.object({
  days: z.coerce.number().int().min(1).max(366).default(30),
})
export type ChannelReportQuery = z.infer<typeof ChannelReportQuery>

export const HealthQuery = z.object({
  window: z.enum(["24h", "7d"]).default("24h"),
})
export type HealthQuery = z.infer<typeof HealthQuery>

export const RunReconciliationBody = z
  .object({
    days: z.number().int().min(1).max(90).optional(),
  })
  .strict()
export type RunReconciliationBody = z.infer<typeof RunReconciliationBody>

export const ListReconciliationsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  offset: z.coerce.number().int().min(0).default(0),
})
export type ListReconciliationsQuery = z.infer<typeof ListReconciliationsQuery>

/** Offline till payments: `pending` (awaiting the till's outcome), `declined` (after the sale), `overdue` (pending past max_hours). */
export const ListOfflinePaymentsQuery = z.object({
  state: z.enum(OFFLINE_PAYMENT_STATES).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
})
export type ListOfflinePaymentsQuery = z.infer<typeof ListOfflinePaymentsQuery>

/** Sends an open payment link's email again: nothing to choose, the link says where and what. */
export const ResendPaymentLinkBody = z.object({}).strict()
export type ResendPaymentLinkBody = z.infer<typeof ResendPaymentLinkBody>
