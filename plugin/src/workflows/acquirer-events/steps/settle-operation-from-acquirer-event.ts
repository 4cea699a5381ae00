import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { DONE_STATUSES, REFUSED_STATUSES } from "../../../acquirers/worldline-direct/statuses"
import type { WorldlineWebhookEvent } from "../../../acquirers/worldline-direct/webhooks"
import { OMNICHANNEL_MODULE } from "../../../modules/omnichannel"
import type { IOmnichannelModuleService, OperationDTO } from "../../../modules/omnichannel/service"
import type { OperationType } from "../../../modules/omnichannel/types"

export type AcquirerEventOutcome =
  | "settled_succeeded"
  | "settled_failed"
  | "already_settled"
  | "unknown_operation"
  | "amount_mismatch"
  | "status_not_final"
  | "not_about_an_operation"

export type AcquirerEventResult = { event_id: string; type: string | null; outcome: AcquirerEventOutcome; operation_id?: string }

/** The object an event is about, with what we need of it. */
function subjectOf(event: WorldlineWebhookEvent) {
  if (event.refund) {
    const out = event.refund.refundOutput
    return { id: event.refund.id, status: event.refund.status, amount: out?.amountOfMoney?.amount, reference: out?.operationReferences?.merchantReference ?? out?.references?.merchantReference }
  }
  if (event.payout) {
    return { id: event.payout.id, status: event.payout.status, amount: event.payout.payoutOutput?.amountOfMoney?.amount, reference: undefined }
  }
  if (event.payment) {
    const out = event.payment.paymentOutput
    return { id: event.payment.id, status: event.payment.status, amount: out?.amountOfMoney?.amount, reference: out?.references?.merchantReference }
  }
  return null
}

/**
 * Settles an operation whose answer we never got (it stayed `pending`) from what the
 * acquirer says happened (the module's `settle` with the reported outcome). The operation is found by our merchant reference (its id) or
 * by the acquirer's id; anything already settled, or about another amount, is left as is.
 * No compensation: this records a fact at the acquirer, there is nothing to undo.
 */
export const settleOperationFromAcquirerEventStep = createStep(
  "omnichannel-settle-operation-from-acquirer-event",
  async (event: WorldlineWebhookEvent, { container }) => {
    const ledger = container.resolve<IOmnichannelModuleService>(OMNICHANNEL_MODULE)
    const answer = (outcome: AcquirerEventOutcome, op?: OperationDTO): AcquirerEventResult => ({
      event_id: event.id ?? "",
      type: event.type ?? null,
      outcome,
      ...(op ? { operation_id: op.id } : {}),
    })
    const subject = subjectOf(event)
    if (!subject) return new StepResponse(answer("not_about_an_operation"))

    const [op] = subject.reference?.startsWith("oop_")
      ? await ledger.listOmnichannelOperations({ id: subject.reference })
      : subject.id
        ? await ledger.listOmnichannelOperations({ acquirer_reference: subject.id })
        : []
    if (!op) return new StepResponse(answer("unknown_operation"))
    if (op.status !== "pending") return new StepResponse(answer("already_settled", op))
    if (typeof subject.amount === "number" && subject.amount !== op.amount) {
      return new StepResponse(answer("amount_mismatch", op))
    }
    const status = subject.status ?? ""
    if (DONE_STATUSES[op.type as OperationType].has(status)) {
      await ledger.settle(op.id, { reported: { status: "succeeded", acquirer_reference: subject.id } })
      return new StepResponse(answer("settled_succeeded", op))
    }
    if (REFUSED_STATUSES.has(status)) {
      await ledger.settle(op.id, {
        reported: { status: "failed", acquirer_reference: subject.id, error_message: `the acquirer reported ${status} (webhook ${event.id})` },
      })
      return new StepResponse(answer("settled_failed", op))
    }
    return new StepResponse(answer("status_not_final", op))
  }
)
