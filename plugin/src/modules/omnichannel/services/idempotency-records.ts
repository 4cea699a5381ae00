import type { Context } from "@medusajs/framework/types"
import { OmnichannelError } from "../../../errors/omnichannel-error"
import type { IdempotencyRecordDTO } from "../dto"
import { modelStore, type ModelStore } from "../utils/model-store"
import { isUniqueViolation } from "../utils/unique-violation"

/** The first answer to each Idempotency-Key, per scope; the key's lock is the caller's (withIdempotency). */
export class IdempotencyRecords {
  private readonly records_: ModelStore<IdempotencyRecordDTO>

  constructor(cradle: Record<string, any>) {
    this.records_ = modelStore(cradle, "OmnichannelIdempotencyRecord")
  }

  /**
   * Claims `key` in `scope` for a request, or says what to answer instead. Call it only
   * while holding the key's lock: a claim found still running is then taken over.
   */
  async claimIdempotencyKey(
    scope: string,
    key: string,
    hash: string,
    sharedContext: Context = {}
  ): Promise<{ state: "claimed"; id: string; taken_over?: boolean } | { state: "replay"; status: number; body: unknown }> {
    try {
      const record = await this.records_.create({ scope, key, request_hash: hash }, sharedContext)
      return { state: "claimed", id: record.id }
    } catch (err) {
      if (!isUniqueViolation(err)) throw err
    }
    const [existing] = await this.records_.list({ scope, key }, {}, sharedContext)
    if (!existing) {
      // Released between our insert and our read: let the caller try again.
      throw new OmnichannelError("IDEMPOTENCY_REQUEST_IN_PROGRESS", "Idempotency-Key: a request with this key is in progress")
    }
    if (existing.request_hash !== hash) {
      throw new OmnichannelError(
        "IDEMPOTENCY_KEY_REUSED",
        "Idempotency-Key: already used with a different request body",
        "Idempotency-Key"
      )
    }
    if (existing.state !== "completed") {
      // The caller holds the key's lock (withIdempotency), so the request that claimed it
      // is gone (its instance died mid-request): this one takes over.
      return { state: "claimed", id: existing.id, taken_over: true }
    }
    return { state: "replay", status: existing.response_status ?? 200, body: existing.response_body }
  }

  async completeIdempotencyKey(id: string, status: number, body: unknown, sharedContext: Context = {}) {
    await this.records_.update(
      { id, state: "completed", response_status: status, response_body: body as Record<string, unknown> },
      sharedContext
    )
  }

  async releaseIdempotencyKey(id: string, sharedContext: Context = {}) {
    await this.records_.delete(id, sharedContext)
  }
}
