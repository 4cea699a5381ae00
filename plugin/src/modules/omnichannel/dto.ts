import type { InferTypeOf } from "@medusajs/framework/types"
import type CardToken from "./models/card-token"
import type Chain from "./models/chain"
import type IdempotencyRecord from "./models/idempotency-record"
import type Operation from "./models/operation"
import type OutboxMessage from "./models/outbox-message"
import type PaymentLink from "./models/payment-link"
import type StockMovement from "./models/stock-movement"
import type Terminal from "./models/terminal"
import type { Channel, ChainTotals } from "./types"
import { offlineLimitsOf, type OfflineLimits } from "./utils/offline-limits"

export type { OfflineLimits, OfflineLimitFlag } from "./utils/offline-limits"

export type ChainDTO = InferTypeOf<typeof Chain>
export type OperationDTO = InferTypeOf<typeof Operation>
export type CardTokenDTO = InferTypeOf<typeof CardToken>
export type TerminalDTO = InferTypeOf<typeof Terminal>
export type StockMovementDTO = InferTypeOf<typeof StockMovement>
export type OutboxMessageDTO = InferTypeOf<typeof OutboxMessage>
export type IdempotencyRecordDTO = InferTypeOf<typeof IdempotencyRecord>
export type PaymentLinkDTO = InferTypeOf<typeof PaymentLink>
/** A payment link as the admin, the till and the customer's page see it, with its URL. */
export type PaymentLinkView = Pick<
  PaymentLinkDTO,
  | "id" | "amount" | "currency_code" | "status" | "expires_at" | "customer_email" | "note" | "origin"
  | "terminal_id" | "chain_id" | "payment_id" | "order_id" | "paid_at" | "paid_operation_id" | "created_at"
> & { url: string }
/**
 * A terminal as it may be shown: never its secret, not even encrypted; its offline limits as
 * one object (null when unset), the shape the admin and GET /pos/terminal serve.
 */
export type PublicTerminal = Omit<
  TerminalDTO,
  "secret_ciphertext" | "offline_max_payment" | "offline_max_total" | "offline_max_hours" | "offline_currency_code"
> & { offline: OfflineLimits | null }

export function publicTerminal({
  secret_ciphertext: _hidden,
  offline_max_payment,
  offline_max_total,
  offline_max_hours,
  offline_currency_code,
  ...terminal
}: TerminalDTO): PublicTerminal {
  return { ...terminal, offline: offlineLimitsOf({ offline_max_payment, offline_max_total, offline_max_hours, offline_currency_code }) }
}

export type TerminalCard = {
  offline_token?: string
  par?: string
  brand?: string
  bin: string
  last4: string
  pan_length?: number
}

export type ChainView = {
  id: string
  payment_id: string
  currency_code: string
  origin_channel: Channel
  cof_consent: boolean
  crm_token: string | null
  card: { brand: string; bin: string; last4: string } | null
  operations: OperationDTO[]
  totals: ChainTotals
  created_at: Date
}
