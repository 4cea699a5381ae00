import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ERRORS, OmnichannelError } from "../errors/omnichannel-error"
import { OMNICHANNEL_MODULE } from "../modules/omnichannel"
import type OmnichannelModuleService from "../modules/omnichannel/service"
import { requestHash } from "./request-hash"

export type IdempotentResult = { status: number; body: unknown }

/**
 * `Idempotency-Key` for every POST that moves money or creates data. Same key and same
 * body: the first answer again, with `Idempotent-Replayed: true`. Same key, other body:
 * 409 IDEMPOTENCY_KEY_REUSED. While the first request runs: 409
 * IDEMPOTENCY_REQUEST_IN_PROGRESS. Answers of 500 and above are not kept, so a retry
 * runs again (and resumes any operation left pending under the same key).
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
  const ledger = req.scope.resolve<OmnichannelModuleService>(OMNICHANNEL_MODULE)
  const hash = requestHash(req.body)
  const claim = await ledger.claimIdempotencyKey(scope, key, hash)
  if (claim.state === "replay") {
    res.setHeader("Idempotent-Replayed", "true")
    res.status(claim.status).json(claim.body)
    return
  }
  let result: IdempotentResult
  try {
    result = await run()
  } catch (err) {
    const status = OmnichannelError.is(err) ? ERRORS[err.code as keyof typeof ERRORS] : 500
    if (status < 500) {
      const e = err as OmnichannelError
      const type = new OmnichannelError(e.code as never, e.message).type
      await ledger.completeIdempotencyKey(claim.id, status, { code: e.code, type, message: e.message })
    } else {
      await ledger.releaseIdempotencyKey(claim.id)
    }
    throw err
  }
  if (result.status < 500) {
    await ledger.completeIdempotencyKey(claim.id, result.status, result.body)
  } else {
    await ledger.releaseIdempotencyKey(claim.id)
  }
  res.status(result.status).json(result.body)
}
