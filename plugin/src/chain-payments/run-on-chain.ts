import type { IOmnichannelModuleService } from "../modules/omnichannel/service"
import type { OperationDTO } from "../modules/omnichannel/service"
import type { OperationInput } from "../modules/omnichannel/types"
import { OmnichannelError } from "../errors/omnichannel-error"
import { AcquirerError, type AcquirerResult } from "../acquirers/types"

export function acquirerErrorToOmnichannel(err: AcquirerError): OmnichannelError {
  switch (err.kind) {
    case "declined":
      return new OmnichannelError("PAYMENT_DECLINED", err.message)
    case "invalid":
      return new OmnichannelError(err.reason === "INVALID_CARD" ? "INVALID_CARD" : "INVALID_DATA", err.message)
    default:
      return new OmnichannelError(
        "ACQUIRER_UNAVAILABLE",
        `the acquirer did not confirm the operation (${err.message}); retry with the same Idempotency-Key`
      )
  }
}

/** An acquirer call outside a chain operation (hosted form, card lookup): its refusal in the contract's words. */
export async function askAcquirer<T>(call: Promise<T>): Promise<T> {
  try {
    return await call
  } catch (err) {
    throw err instanceof AcquirerError ? acquirerErrorToOmnichannel(err) : err
  }
}

/**
 * The keys an operation on an existing chain sends to the acquirer: its id, unique across
 * chains (our idempotency keys are only unique per chain, e.g. `refund:<reference>`) and
 * the same on every retry, since a retry with the same key resumes the same operation.
 */
export const acquirerKeys = (op: OperationDTO) => ({ idempotency_key: op.id, operation_id: op.id })

/**
 * A refund in cash, store credit or a gift card: the till or the loyalty plugin moved the
 * value; nothing goes to the acquirer. Its reference says so.
 */
export async function movedInKind(op: OperationDTO): Promise<AcquirerResult> {
  return { reference: `${op.method}:${op.id}`, status: "refunded" }
}

/** The acquirer's reference of the chain's first card payment: refunds and payouts are sent against it. */
export async function firstPaymentReference(ledger: IOmnichannelModuleService, chainId: string): Promise<string | undefined> {
  const operations = await ledger.listOmnichannelOperations({ chain_id: chainId }, { order: { created_at: "ASC" } })
  const first = operations.find((o) => (o.type === "payment" || o.type === "authorization") && o.status === "succeeded" && o.method === "card")
  return first?.acquirer_reference ?? undefined
}

/**
 * The one way money moves: record the operation as pending on the chain (invariants
 * checked under the chain lock), ask the acquirer with the operation's idempotency key,
 * then settle it. A declined or invalid call settles as failed and counts for nothing.
 * When the acquirer's answer is unknown the operation stays pending (a refund keeps the
 * chain locked) and the same call with the same key later resumes it: the acquirer's
 * idempotency guarantees money moved at most once. An answer that asks for the customer
 * (3-D Secure) also leaves it pending, with the acquirer's reference, until `settleFromAcquirer`.
 */
export async function runOnChain(
  ledger: IOmnichannelModuleService,
  chainId: string,
  input: OperationInput & { idempotency_key: string },
  call: (op: OperationDTO) => Promise<AcquirerResult>
): Promise<OperationDTO> {
  const op = await ledger.beginOperation(chainId, { ...input, status: "pending" })
  if (op.status === "succeeded") {
    return op
  }
  if (op.status === "failed") {
    throw new OmnichannelError(
      (op.error_code as "PAYMENT_DECLINED") ?? "PAYMENT_DECLINED",
      op.error_message ?? "the acquirer refused this operation"
    )
  }
  try {
    const result = await call(op)
    if (result.status === "requires_action") {
      // 3-D Secure: the customer decides; the operation stays pending until we hear back.
      return await ledger.awaitCustomer(op.id, result.reference)
    }
    return await ledger.settleOperation(op.id, { status: "succeeded", acquirer_reference: result.reference })
  } catch (err) {
    if (!(err instanceof AcquirerError)) {
      throw err
    }
    const mapped = acquirerErrorToOmnichannel(err)
    if (err.kind !== "retryable") {
      await ledger.settleOperation(op.id, { status: "failed", error_code: mapped.code, error_message: err.message })
    }
    throw mapped
  }
}

/**
 * A first payment still waiting on its customer (3-D Secure) that will never be finished
 * here (its session replaced, or given up): cancelled at the acquirer, then failed on the
 * chain with `why`. One key per operation, whoever gives up on it first.
 */
export async function cancelUnfinishedPayment(ledger: IOmnichannelModuleService, op: OperationDTO, why: string): Promise<OperationDTO> {
  await ledger.acquirer.cancel({ reference: op.acquirer_reference!, currency_code: op.currency_code, operation_id: op.id, idempotency_key: `cancel:${op.id}` })
  return await ledger.settleOperation(op.id, { status: "failed", error_code: "PAYMENT_DECLINED", error_message: why })
}

/**
 * What the acquirer now says of a pending operation it asked the customer about (3-D
 * Secure), settled on the chain: succeeded, failed (with the acquirer's words), or still
 * pending while the customer has not finished. Settled operations are returned as they are.
 */
export async function settleFromAcquirer(ledger: IOmnichannelModuleService, op: OperationDTO): Promise<OperationDTO> {
  if (op.status !== "pending" || !op.acquirer_reference) {
    return op
  }
  try {
    const result = await ledger.acquirer.getPayment(op.acquirer_reference)
    if (result.status === "requires_action") {
      return op
    }
    if (result.status === "cancelled") {
      return await ledger.settleOperation(op.id, { status: "failed", error_code: "PAYMENT_DECLINED", error_message: "the payment was cancelled at the acquirer" })
    }
    return await ledger.settleOperation(op.id, { status: "succeeded", acquirer_reference: result.reference })
  } catch (err) {
    if (!(err instanceof AcquirerError) || err.kind === "retryable") {
      throw err
    }
    return await ledger.settleOperation(op.id, { status: "failed", error_code: acquirerErrorToOmnichannel(err).code, error_message: err.message })
  }
}
