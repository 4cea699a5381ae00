import { toDecimalString } from "../../../../../money"
import type { OperationExportRow } from "../../../../../modules/omnichannel/services/operation-exports"

/** The export's columns, in order (DESIGN 7.3). */
export const EXPORT_COLUMNS = [
  "created_at", "payment_id", "order_display_id", "channel", "method", "type", "status", "amount",
  "currency_code", "terminal", "stock_location", "card_brand", "card_last4", "crm_token", "reference",
] as const

/**
 * One CSV field (RFC 4180): quoted when it holds a quote, comma or line break, quotes doubled.
 * A field a spreadsheet would run as a formula (starting with = + - @, a tab or a carriage
 * return; a till's reference is free text) gets a leading apostrophe first, as OWASP advises:
 * shown as text, never run. No column of ours starts so legitimately (amounts are positive).
 */
export function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return ""
  let text = String(value)
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

export function csvLine(fields: (string | number | null | undefined)[]): string {
  return fields.map(csvField).join(",") + "\r\n"
}

/** An operation's line: amounts as decimals in the currency's digits, the order by its display id. */
export function operationLine(row: OperationExportRow, orderDisplayId: number | null | undefined): string {
  return csvLine([
    row.created_at.toISOString(),
    row.payment_id,
    orderDisplayId ?? null,
    row.channel,
    row.method,
    row.type,
    row.status,
    toDecimalString(row.amount, row.currency_code),
    row.currency_code,
    row.terminal_id,
    row.stock_location_id,
    row.card_brand,
    row.card_last4,
    row.crm_token,
    row.reference,
  ])
}
