import { z } from "@medusajs/framework/zod"
import { isCrmToken } from "../../../../../cards/crm-token"
import { CHANNELS, PAYMENT_METHODS } from "../../../../../modules/omnichannel/types"

const DAY_MS = 86_400_000
/** The longest window one export reads: a year, leap day included. */
export const MAX_EXPORT_DAYS = 366
/**
 * Without `from`, an export reads the 31 days up to `to` (or now): a month's close, what an
 * accountant asks for most, and a bare click never streams years of operations.
 */
export const DEFAULT_EXPORT_DAYS = 31

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/

/**
 * An ISO 8601 date (UTC) or date-time with its offset, or null when it is none (or names a
 * day that does not exist, like 2026-02-30). A date-only `to` means through the end of that day.
 */
export function parseExportDate(value: string, endOfDay: boolean): Date | null {
  if (DATE_ONLY.test(value)) {
    const day = new Date(`${value}T00:00:00Z`)
    if (Number.isNaN(day.getTime()) || day.toISOString().slice(0, 10) !== value) return null
    return endOfDay ? new Date(day.getTime() + DAY_MS) : day
  }
  if (!DATE_TIME.test(value)) return null
  const at = new Date(value)
  const [y, m, d] = value.slice(0, 10).split("-").map(Number)
  // Date rolls 2026-02-30T10:00Z over to March: refuse it as the date-only form does.
  if (Number.isNaN(at.getTime()) || m < 1 || m > 12 || d < 1 || d > new Date(Date.UTC(y, m, 0)).getUTCDate()) return null
  return at
}

const dateField = (field: "from" | "to") =>
  z
    .string()
    .optional()
    .refine((v) => v === undefined || parseExportDate(v, field === "to") !== null, {
      message: `${field}: expected an ISO 8601 date (2026-11-01) or date-time with offset (2026-11-01T10:00:00Z)`,
    })

/**
 * GET /admin/omnichannel/operations/export: the window [from, to) in UTC (a date-only `to`
 * includes that day), at most 366 days, and optional filters. Resolves to the window itself.
 */
export const ExportOperationsQuery = z
  .object({
    from: dateField("from"),
    to: dateField("to"),
    channel: z.enum(CHANNELS).optional(),
    method: z.enum(PAYMENT_METHODS).optional(),
    terminal_id: z.string().min(1).max(100).optional(),
    crm_token: z
      .string()
      .optional()
      .refine((v) => v === undefined || isCrmToken(v), { message: "crm_token: not a CRM token (12 to 19 digits that fail the Luhn check)" }),
  })
  .transform((q, ctx) => {
    const to = q.to ? parseExportDate(q.to, true)! : new Date()
    const from = q.from ? parseExportDate(q.from, false)! : new Date(to.getTime() - DEFAULT_EXPORT_DAYS * DAY_MS)
    if (from > to) {
      ctx.addIssue({ code: "custom", path: ["from"], message: `from: ${from.toISOString()} is after to (${to.toISOString()})` })
      return z.NEVER
    }
    if (to.getTime() - from.getTime() > MAX_EXPORT_DAYS * DAY_MS) {
      ctx.addIssue({ code: "custom", path: ["to"], message: `to: the window from ${from.toISOString()} is over ${MAX_EXPORT_DAYS} days` })
      return z.NEVER
    }
    return { ...q, from, to }
  })
export type ExportOperationsQuery = z.infer<typeof ExportOperationsQuery>
