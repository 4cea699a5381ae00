import { OmnichannelError } from "../../../errors/omnichannel-error"
import type { ChainDTO, OperationDTO } from "../dto"
import type { OperationInput } from "../types"
import { remainingAuthorization } from "./totals"

/**
 * The rules an operation must keep on its chain, checked against the chain's operations
 * while the chain is locked (ChainLedger.beginOperation) or to refuse early (checkOperation).
 */
export function checkChainInvariants(chain: ChainDTO, input: OperationInput, operations: OperationDTO[]) {
  const live = operations.filter((o) => o.status !== "failed")
  const sum = (type: string, ops = live) =>
    ops.filter((o) => o.type === type).reduce((s, o) => s + o.amount, 0)

  switch (input.type) {
    case "payment":
    case "authorization":
      return
    case "capture":
    case "cancel": {
      const auth = live.find((o) => o.id === input.parent_operation_id && o.type === "authorization")
      if (!auth || auth.status !== "succeeded") {
        throw new OmnichannelError(
          "OPERATION_NOT_ALLOWED",
          `parent_operation_id: no succeeded authorization ${input.parent_operation_id ?? ""} on this chain`,
          "parent_operation_id"
        )
      }
      const remaining = remainingAuthorization(auth, live)
      if (input.amount > remaining) {
        throw new OmnichannelError(
          input.type === "capture" ? "CAPTURE_EXCEEDS_AUTHORIZED" : "OPERATION_NOT_ALLOWED",
          `amount: ${input.amount} exceeds the ${remaining} still authorized`,
          "amount"
        )
      }
      return
    }
    case "refund": {
      if (live.some((o) => o.type === "refund" && o.status === "pending")) {
        throw refundLocked(chain.payment_id)
      }
      if (input.reference && live.some((o) => o.type === "refund" && o.reference === input.reference)) {
        throw refundLocked(chain.payment_id, input.reference)
      }
      const paid = sum("payment", live.filter((o) => o.status === "succeeded")) +
        sum("capture", live.filter((o) => o.status === "succeeded"))
      const refundable = paid - sum("refund")
      if (input.amount > refundable) {
        throw new OmnichannelError(
          "REFUND_EXCEEDS_PAID",
          `amount: ${input.amount} exceeds the ${refundable} still refundable on ${chain.payment_id}`,
          "amount"
        )
      }
      const method = input.method ?? "card"
      if (method === "cash" && input.channel !== "in_store") {
        throw new OmnichannelError("OPERATION_NOT_ALLOWED", "method: cash is refunded only at a till", "method")
      }
      if (method === "card") {
        // Money goes back to a card only as far as cards paid: the rest is refunded in kind.
        const byCard = (o: OperationDTO) => (o.method ?? "card") === "card"
        const cardPaid = sum("payment", live.filter((o) => o.status === "succeeded" && byCard(o))) +
          sum("capture", live.filter((o) => o.status === "succeeded" && byCard(o)))
        const cardRefundable = cardPaid - sum("refund", live.filter(byCard))
        if (input.amount > cardRefundable) {
          throw new OmnichannelError(
            "REFUND_EXCEEDS_PAID",
            `amount: ${input.amount} exceeds the ${cardRefundable} still refundable to a card on ${chain.payment_id}; refund the rest with another method`,
            "amount"
          )
        }
      }
      return
    }
    case "payout":
      if (!input.actor_id || !input.note?.trim()) {
        throw new OmnichannelError(
          "PAYOUT_REASON_REQUIRED",
          "reason: a payout needs an admin and a reason",
          input.actor_id ? "reason" : "actor_id"
        )
      }
      return
  }
}

export function refundLocked(paymentId: string, reference?: string | null) {
  return reference
    ? new OmnichannelError("REFUND_ORDER_LOCKED", `reference: a refund with reference "${reference}" already exists on ${paymentId}`, "reference")
    : OmnichannelError.transient("REFUND_ORDER_LOCKED", `payment_id: another refund on ${paymentId} is in progress`, "payment_id")
}
