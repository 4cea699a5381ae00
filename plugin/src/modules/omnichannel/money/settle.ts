import { AcquirerError } from "../../../acquirers/types"
import type { OperationDTO } from "../dto"
import type { SettleOptions } from "./types"
import { acquirerErrorToOmnichannel, type MoneyDeps } from "./run-on-chain"
import { isOfflinePayment } from "./offline-outcomes"

const NEVER_FINISHED = "the customer never finished 3-D Secure; the payment was cancelled"

/**
 * The acquirer's word on a pending operation, recorded on the chain: succeeded, failed
 * (with the acquirer's words), or still pending (the customer is still in 3-D Secure, or
 * the acquirer cannot answer now, or we have no reference to ask about). With
 * `options.reported` the outcome a verified webhook carried is recorded without asking.
 * Giving up (`give_up`, or made before `abandon_before`) cancels one still waiting at the
 * acquirer, then fails it. Settled operations are returned as they are.
 *
 * A cancel that fails, whatever the reason, leaves the operation pending and throws (the
 * contract's ACQUIRER_UNAVAILABLE when there was no answer, the refusal otherwise): the
 * money may still be held or taken at the acquirer, so it is never recorded as failed
 * (nor the give-up reported as done) on our side alone. The settle job asks again on its
 * next pass, and the payment's own status settles it once the acquirer knows its end.
 */
export async function settle(deps: MoneyDeps, operationId: string, options: SettleOptions = {}): Promise<OperationDTO> {
  const { ledger } = deps
  let op = await ledger.retrieveOmnichannelOperation(operationId)
  // A card a till approved offline ends with the till's outcome (offline-outcomes.ts), never
  // the acquirer's word: the reference is the terminal's own, which the acquirer may not know.
  if (op.status !== "pending" || isOfflinePayment(op)) {
    return op
  }
  if (options.reported) {
    const { reported } = options
    return await ledger.settleOperation(
      op.id,
      reported.status === "succeeded"
        ? { status: "succeeded", acquirer_reference: reported.acquirer_reference ?? undefined }
        : { status: "failed", acquirer_reference: reported.acquirer_reference ?? undefined, error_code: "PAYMENT_DECLINED", error_message: reported.error_message }
    )
  }
  op = await askHowItEnded(deps, op)
  const stale = !!options.abandon_before && op.created_at < new Date(options.abandon_before)
  if (op.status !== "pending" || !op.acquirer_reference || !(options.give_up || stale)) {
    return op
  }
  const why = options.give_up ?? options.abandon_reason ?? NEVER_FINISHED
  try {
    // One key per operation, whoever gives up on it first.
    await deps.acquirer().cancel({ reference: op.acquirer_reference, currency_code: op.currency_code, operation_id: op.id, idempotency_key: `cancel:${op.id}` })
  } catch (err) {
    throw err instanceof AcquirerError ? acquirerErrorToOmnichannel(err) : err
  }
  return await ledger.settleOperation(op.id, { status: "failed", error_code: "PAYMENT_DECLINED", error_message: why })
}

/** A pending payment the acquirer has a reference for, settled from what it says now; unchanged when it cannot answer. */
async function askHowItEnded({ ledger, acquirer }: MoneyDeps, op: OperationDTO): Promise<OperationDTO> {
  if (!op.acquirer_reference) {
    return op
  }
  try {
    const result = await acquirer().getPayment(op.acquirer_reference)
    if (result.status === "requires_action") {
      return op
    }
    if (result.status === "cancelled") {
      return await ledger.settleOperation(op.id, { status: "failed", error_code: "PAYMENT_DECLINED", error_message: "the payment was cancelled at the acquirer" })
    }
    return await ledger.settleOperation(op.id, { status: "succeeded", acquirer_reference: result.reference })
  } catch (err) {
    if (!(err instanceof AcquirerError)) throw err
    if (err.kind === "retryable") return op
    return await ledger.settleOperation(op.id, { status: "failed", error_code: acquirerErrorToOmnichannel(err).code, error_message: err.message })
  }
}
