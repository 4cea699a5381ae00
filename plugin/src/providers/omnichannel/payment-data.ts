import type { InitiatePaymentInput, PaymentSessionStatus } from "@medusajs/framework/types"
import { MedusaError } from "@medusajs/framework/utils"
import { randomUUID } from "crypto"
import type { HostedCardForm } from "../../acquirers/types"
import type { CardTokenDTO, ChainDTO, OperationDTO } from "../../modules/omnichannel/dto"

/** What the provider keeps in Medusa's payment session / payment `data`. Never a card number. */
export type OmnichannelPaymentData = {
  payment_id: string
  chain_id: string
  operation_id: string
  status: "authorized" | "captured" | "canceled" | "requires_action"
  amount: number
  currency_code: string
  card: { brand: string; bin: string; last4: string } | null
  externalTokenLinked: { generatedToken: string | null; computedToken?: string }
  cof: boolean
  /** With `requires_action`: where the customer authenticates (3-D Secure). */
  redirect_url?: string | null
}

/** The payment `data` of a chain's payment operation. Without a card token the card is described from what was typed. */
export function describePayment(
  chain: Pick<ChainDTO, "id" | "payment_id" | "currency_code" | "cof_consent">,
  op: OperationDTO,
  token: CardTokenDTO | null,
  extra: { card?: OmnichannelPaymentData["card"]; computedToken?: string; redirect_url?: string } = {}
): OmnichannelPaymentData {
  return {
    payment_id: chain.payment_id,
    chain_id: chain.id,
    operation_id: op.id,
    status: extra.redirect_url ? "requires_action" : paidStatus(op),
    amount: op.amount,
    currency_code: chain.currency_code,
    card: token ? { brand: token.brand, bin: token.bin, last4: token.last4 } : (extra.card ?? null),
    externalTokenLinked: {
      generatedToken: token?.token ?? null,
      ...(extra.computedToken ? { computedToken: extra.computedToken } : {}),
    },
    cof: chain.cof_consent,
    ...(extra.redirect_url ? { redirect_url: extra.redirect_url } : {}),
  }
}

/** A succeeded SALE is taken; an authorization is held until captured. */
export function paidStatus(op: OperationDTO): "captured" | "authorized" {
  // A till's card approved offline is held, not paid, until the till reports its outcome.
  if (op.type === "payment" && op.status === "pending" && op.metadata?.offline) return "authorized"
  return op.type === "payment" ? "captured" : "authorized"
}

export function isPaymentData(data: unknown): data is OmnichannelPaymentData {
  const d = data as Partial<OmnichannelPaymentData> | undefined
  return !!d && typeof d.chain_id === "string" && typeof d.operation_id === "string"
}

export function paymentData(data: unknown): OmnichannelPaymentData {
  if (!isPaymentData(data)) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, "data: not an omnichannel payment (no chain)")
  }
  return data
}

/** A session waiting for the card: the platform's hosted form for the storefront to show. */
export type CardRequiredData = { status: "card_required"; hosted_card: HostedCardForm }

/** Medusa's session status for each of ours. */
export const SESSION_STATUS: Record<OmnichannelPaymentData["status"], PaymentSessionStatus> = {
  authorized: "authorized" as PaymentSessionStatus,
  captured: "captured" as PaymentSessionStatus,
  canceled: "canceled" as PaymentSessionStatus,
  requires_action: "requires_more" as PaymentSessionStatus,
}

/** Medusa's payment session id is the context's key: stable across retries of one session. */
export function sessionKey(input: InitiatePaymentInput): string {
  return input.context?.idempotency_key ?? String((input.data as Record<string, unknown> | undefined)?.session_id ?? `session:${randomUUID()}`)
}
