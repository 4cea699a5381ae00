import type { Context } from "@medusajs/framework/types"
import type { SqlEntityManager } from "@medusajs/framework/mikro-orm/postgresql"
import { OmnichannelError } from "../../../errors/omnichannel-error"
import type { OperationDTO } from "../dto"
import type { IOmnichannelModuleService } from "../service-interface"

/** What a till reports about a card it approved offline. */
export type OfflineOutcomeInput = {
  terminal_id: string
  /** The terminal's own reference of the payment (sent with the sale). */
  acquirer_reference: string
  outcome: "approved" | "declined"
  reason?: string | null
  /** ISO 8601 (workflow inputs are JSON); now when not given. */
  reported_at?: string
}

/** The payment's outcome as recorded on the chain; `applied` is false when it was reported before (a replay). */
export type OfflineOutcomeResult = { operation: OperationDTO; applied: boolean }

/** What the recovery of a decline did: the link sent (and to whom), or that no email was known. */
export type OfflineRecovery = { payment_link_id: string | null; email: string | null }

export type OfflineOutcomeRecord = {
  outcome: "approved" | "declined"
  reason?: string | null
  reported_at: string
  payment_link_id?: string | null
  email?: string | null
  /** Set once the decline's recovery ran: a link sent, or no email to send it to. */
  recovered_at?: string
}

export const OFFLINE_DECLINED = "OFFLINE_DECLINED"

type OfflineLedger = Pick<IOmnichannelModuleService, "listOmnichannelOperations" | "settleOperation" | "updateOmnichannelOperations" | "retrieveOmnichannelOperation">

export const isOfflinePayment = (op: Pick<OperationDTO, "type" | "metadata">): boolean => op.type === "payment" && !!op.metadata?.offline
export const offlineOutcomeOf = (op: Pick<OperationDTO, "metadata">): OfflineOutcomeRecord | null =>
  ((op.metadata as Record<string, unknown> | null)?.offline_outcome as OfflineOutcomeRecord | undefined) ?? null

/**
 * A till's word on a card it approved offline, applied once, in one transaction holding the
 * chain's row lock (the same lock every operation on the chain takes): pending -> succeeded
 * (approved) or failed with OFFLINE_DECLINED (declined). The same outcome again is a
 * replay (`applied: false`); the other outcome of a settled payment, or any outcome for a
 * payment the terminal did not approve offline, is OPERATION_ALREADY_SETTLED; a reference
 * none of the terminal's payments has, OPERATION_NOT_FOUND. The acquirer is never asked:
 * the reference is the terminal's own.
 */
export async function reportOfflineOutcome(ledger: OfflineLedger, input: OfflineOutcomeInput, sharedContext: Context): Promise<OfflineOutcomeResult> {
  const where = { terminal_id: input.terminal_id, acquirer_reference: input.acquirer_reference, type: "payment" }
  // Pending first: the partial index on pending operations keeps the usual case (a first
  // report) off the whole table; a replay or a refusal looks at every status.
  const pending = await ledger.listOmnichannelOperations({ ...where, status: "pending" }, {}, sharedContext)
  const found = pending.some(isOfflinePayment) ? pending : await ledger.listOmnichannelOperations(where, { order: { created_at: "ASC" } }, sharedContext)
  // A reference may also name an online payment of the terminal: the offline one is meant.
  const candidate = found.find(isOfflinePayment) ?? found[0]
  if (!candidate) {
    throw new OmnichannelError("OPERATION_NOT_FOUND", `acquirer_reference: no payment of this terminal has reference ${input.acquirer_reference}`, "acquirer_reference")
  }
  if (!isOfflinePayment(candidate)) {
    throw new OmnichannelError(
      "OPERATION_ALREADY_SETTLED",
      `acquirer_reference: payment ${input.acquirer_reference} was not approved offline; its outcome was known when it was made (${candidate.status})`,
      "acquirer_reference"
    )
  }
  await lockChain(sharedContext, candidate.chain_id)
  const op = await ledger.retrieveOmnichannelOperation(candidate.id, {}, sharedContext)
  const wanted = input.outcome === "approved" ? "succeeded" : "failed"
  if (op.status !== "pending") {
    if (op.status === wanted) return { operation: op, applied: false }
    throw new OmnichannelError(
      "OPERATION_ALREADY_SETTLED",
      `outcome: payment ${input.acquirer_reference} was already reported ${offlineOutcomeOf(op)?.outcome ?? op.status}`,
      "outcome"
    )
  }
  const record: OfflineOutcomeRecord = {
    outcome: input.outcome,
    ...(input.outcome === "declined" ? { reason: input.reason ?? null } : {}),
    reported_at: input.reported_at ?? new Date().toISOString(),
  }
  await ledger.updateOmnichannelOperations({ id: op.id, metadata: { ...(op.metadata ?? {}), offline_outcome: record } }, sharedContext)
  const settled = await ledger.settleOperation(
    op.id,
    input.outcome === "approved"
      ? { status: "succeeded" }
      : { status: "failed", error_code: OFFLINE_DECLINED, error_message: input.reason || "declined by the card's issuer after the sale" },
    sharedContext
  )
  return { operation: settled, applied: true }
}

/** The recovery of a declined offline payment, kept with its outcome for the admin (the link's state is read from the link). */
export async function noteOfflineRecovery(
  ledger: OfflineLedger,
  operationId: string,
  recovery: OfflineRecovery,
  sharedContext: Context
): Promise<OperationDTO> {
  const op = await ledger.retrieveOmnichannelOperation(operationId, {}, sharedContext)
  await lockChain(sharedContext, op.chain_id)
  const outcome = offlineOutcomeOf(op)
  if (!outcome || outcome.outcome !== "declined") {
    throw new OmnichannelError("OPERATION_NOT_ALLOWED", `operation ${operationId} is no payment declined after the sale`)
  }
  const record: OfflineOutcomeRecord = { ...outcome, ...recovery, recovered_at: new Date().toISOString() }
  await ledger.updateOmnichannelOperations({ id: op.id, metadata: { ...(op.metadata ?? {}), offline_outcome: record } }, sharedContext)
  return await ledger.retrieveOmnichannelOperation(op.id, {}, sharedContext)
}

/** The chain's row lock for the rest of the transaction (the lock ChainLedger takes). */
async function lockChain(sharedContext: Context, chainId: string) {
  const manager = sharedContext.transactionManager as SqlEntityManager
  await manager.execute("select id from omnichannel_chain where id = ? and deleted_at is null for update", [chainId])
}
