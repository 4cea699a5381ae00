import type { InitiatePaymentInput, InitiatePaymentOutput, RemoteQueryFunction } from "@medusajs/framework/types"
import { MedusaError } from "@medusajs/framework/utils"
import { keptCardsOf } from "../../cards/kept-cards"
import { OmnichannelError } from "../../errors/omnichannel-error"
import type { IOmnichannelModuleService } from "../../modules/omnichannel"
import { describePayment } from "./payment-data"

/** A kept card of the session's customer, chargeable again (its platform token was kept with consent). */
export async function keptCardOfSession(query: Pick<RemoteQueryFunction, "graph">, crmToken: string, context: InitiatePaymentInput["context"]) {
  const customerId = context?.customer?.id ?? (context?.account_holder?.data as { customer_id?: string } | undefined)?.customer_id
  if (!customerId) {
    throw new OmnichannelError("INVALID_DATA", "saved_card: only a logged-in customer can pay with a saved card", "saved_card")
  }
  const token = (await keptCardsOf(query, customerId)).find((t) => t.token === crmToken)
  if (!token) {
    throw new OmnichannelError("INVALID_DATA", "saved_card: not a card this customer kept", "saved_card")
  }
  return token
}

/**
 * A payment already made on the chain (in store, or a subsequent payment the plugin
 * charged itself) becomes a Medusa payment of the order without touching the acquirer:
 * the session names the operation (`recorded_operation_id`), the provider describes it.
 */
export async function describeRecordedOperation(
  ledger: Pick<IOmnichannelModuleService, "retrieveOmnichannelOperation" | "retrieveOmnichannelChain">,
  operationId: string,
  sessionAmount?: number
): Promise<InitiatePaymentOutput> {
  const op = await ledger.retrieveOmnichannelOperation(operationId)
  const chain = await ledger.retrieveOmnichannelChain(op.chain_id, { relations: ["card_token"] })
  if (op.status !== "succeeded" || (op.type !== "payment" && op.type !== "authorization")) {
    throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `operation ${operationId} is not a succeeded payment`)
  }
  if (sessionAmount !== undefined && sessionAmount !== op.amount) {
    throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `amount: operation ${operationId} paid ${op.amount}, not this session's ${sessionAmount}`)
  }
  const paymentData = describePayment(chain, op, chain.card_token ?? null)
  return { id: `${chain.payment_id}:${op.id}`, data: { ...paymentData, recorded_operation_id: null } }
}
