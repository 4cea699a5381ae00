import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { ERRORS, OmnichannelError } from "../errors/omnichannel-error"
import { countIdempotentReplay } from "../metrics"
import { OMNICHANNEL_MODULE } from "../modules/omnichannel"
import type { IOmnichannelModuleService } from "../modules/omnichannel/service"
import { requestHash } from "./request-hash"

export type IdempotentResult = { status: number; body: unknown }

// A duplicate waits this long for the first request to finish (and then gets its answer).
export const WAIT_FOR_FIRST_SECONDS = 2
// The lease on a running key, renewed while it runs (Redis locking): if the instance
// running it dies, the key is free again this long after, and a retry takes it over.
export const LEASE_SECONDS = 10

/** The lock a key is held under while its request runs (the batch route takes the same). */
export const idempotencyLockKey = (scope: string, key: string) => `omnichannel:idempotency:${scope}:${key}`

/**
 * `Idempotency-Key` for every POST that moves money or creates data. Same key and same
 * body: the first answer again, with `Idempotent-Replayed: true`. Same key, other body:
 * 409 IDEMPOTENCY_KEY_REUSED. While the first request runs: 409
 * IDEMPOTENCY_REQUEST_IN_PROGRESS. Answers of 500 and above, and REFUND_ORDER_LOCKED
 * because another operation held the chain, are not kept: a retry runs again (and resumes
 * any operation left pending under the same key).
 *
 * The key is held with Medusa's locking module while its request runs. A key recorded
 * as running that nobody holds belonged to an instance that died mid-request: the retry
 * takes it over and runs the request again, which every workflow behind these routes
 * resumes rather than repeats.
 */
export async function withIdempotency(
  req: MedusaRequest,
  res: MedusaResponse,
  scope: string,
  key: string | undefined,
  run: () => Promise<IdempotentResult>
) {
  if (!key) {
    const result = await run()
    res.status(result.status).json(result.body)
    return
  }
  if (key.length > 255) {
    throw new OmnichannelError("INVALID_DATA", "Idempotency-Key: at most 255 characters", "Idempotency-Key")
  }
  const ledger = req.scope.resolve<IOmnichannelModuleService>(OMNICHANNEL_MODULE)
  const hash = requestHash(req.body)
  let holding = false
  const answer = await req.scope
    .resolve(Modules.LOCKING)
    .execute(
      idempotencyLockKey(scope, key),
      async () => {
        holding = true
        const claim = await ledger.claimIdempotencyKey(scope, key, hash)
        if (claim.state === "replay") return { ...claim, replayed: true }
        if (claim.taken_over) {
          req.scope
            .resolve(ContainerRegistrationKeys.LOGGER)
            .warn(`omnichannel: Idempotency-Key "${key}" (${scope}) was left running by a stopped instance; this request takes it over`)
        }
        return { ...(await runClaimed(ledger, claim.id, run)), replayed: false }
      },
      { timeout: WAIT_FOR_FIRST_SECONDS, expire: LEASE_SECONDS }
    )
    .catch((err) => {
      // Not started: the key is held by another request (providers throw different errors for it).
      if (holding) throw err
      throw new OmnichannelError(
        "IDEMPOTENCY_REQUEST_IN_PROGRESS",
        "Idempotency-Key: the first request with this key is still running; retry shortly"
      )
    })
  if (answer.replayed) {
    countIdempotentReplay(scope)
    res.setHeader("Idempotent-Replayed", "true")
  }
  res.status(answer.status).json(answer.body)
}

async function runClaimed(ledger: IOmnichannelModuleService, claimId: string, run: () => Promise<IdempotentResult>) {
  let result: IdempotentResult
  try {
    result = await run()
  } catch (err) {
    const refusal = keptRefusal(err)
    if (refusal) {
      await ledger.completeIdempotencyKey(claimId, refusal.status, refusal.body)
    } else {
      await ledger.releaseIdempotencyKey(claimId)
    }
    throw err
  }
  if (result.status < 500) {
    await ledger.completeIdempotencyKey(claimId, result.status, result.body)
  } else {
    await ledger.releaseIdempotencyKey(claimId)
  }
  return result
}

/**
 * A refusal that is the request's answer, as its key keeps it: the contract's status and
 * `{ code, type, message }`. Undefined for a failure that is not (500 and above, or a
 * refusal of the moment such as a busy chain): a retry runs again.
 */
export function keptRefusal(err: unknown): IdempotentResult | undefined {
  const status = OmnichannelError.is(err) ? ERRORS[(err as OmnichannelError).code as keyof typeof ERRORS] : 500
  if (status >= 500 || OmnichannelError.isTransient(err)) return undefined
  const e = err as OmnichannelError
  const type = new OmnichannelError(e.code as never, e.message).type
  return { status, body: { code: e.code, type, message: e.message } }
}
