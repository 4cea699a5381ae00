import type { Context, DAL } from "@medusajs/framework/types"
import { generateEntityId, InjectManager, MedusaContext } from "@medusajs/framework/utils"
import type { SqlEntityManager } from "@medusajs/framework/mikro-orm/postgresql"
import { OmnichannelError } from "../../../errors/omnichannel-error"
import type { IdempotencyRecordDTO } from "../dto"
import type { ModelService } from "../utils/model-service"
import IdempotencyRecord from "../models/idempotency-record"

/** One key's claim in a batch: claimed (maybe taken over), the answer to replay, or a refusal. */
export type IdempotencyClaim =
  | { state: "claimed"; id: string; taken_over?: boolean }
  | { state: "replay"; status: number; body: unknown }
  | { state: "error"; error: OmnichannelError }

/**
 * The first answer to each Idempotency-Key, per scope; the key's lock is the caller's
 * (withIdempotency). Claiming and completing a key are one statement each: every request
 * that moves money or creates data makes both.
 */
export class IdempotencyRecords {
  // Read by Medusa's @InjectManager.
  protected readonly baseRepository_: DAL.RepositoryService
  private readonly records_: ModelService<typeof IdempotencyRecord>

  constructor(cradle: Record<string, any>) {
    this.baseRepository_ = cradle.baseRepository
    this.records_ = cradle.omnichannelIdempotencyRecordService
  }

  /**
   * Claims `key` in `scope` for a request, or says what to answer instead. Call it only
   * while holding the key's lock: a claim found still running is then taken over.
   */
  @InjectManager()
  async claimIdempotencyKey(
    scope: string,
    key: string,
    hash: string,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ state: "claimed"; id: string; taken_over?: boolean } | { state: "replay"; status: number; body: unknown }> {
    const manager = sharedContext.manager as SqlEntityManager
    const claimed: { id: string }[] = await manager.execute(
      `insert into omnichannel_idempotency_record (id, scope, key, request_hash) values (?, ?, ?, ?)
       on conflict (scope, key) where deleted_at is null do nothing
       returning id`,
      [generateEntityId(undefined, "oidem"), scope, key, hash]
    )
    if (claimed.length) return { state: "claimed", id: claimed[0].id }
    const [existing] = await this.baseRepository_.serialize<IdempotencyRecordDTO[]>(await this.records_.list({ scope, key }, {}, sharedContext))
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

  @InjectManager()
  async completeIdempotencyKey(id: string, status: number, body: unknown, @MedusaContext() sharedContext: Context = {}) {
    const manager = sharedContext.manager as SqlEntityManager
    await manager.execute(
      "update omnichannel_idempotency_record set state = 'completed', response_status = ?, response_body = ?::jsonb, updated_at = now() where id = ?",
      [status, JSON.stringify(body ?? null), id]
    )
  }

  async releaseIdempotencyKey(id: string, sharedContext: Context = {}) {
    await this.records_.delete(id, sharedContext)
  }

  /**
   * `claimIdempotencyKey` for many keys of one scope at once (a till's batch of sales): one
   * insert for all, one read of those already there. Per key, in input order: claimed,
   * replay, or the refusal the single claim would throw (`error`). Call it only while
   * holding every key's lock: a claim found still running is then taken over.
   */
  @InjectManager()
  async claimIdempotencyKeys(
    scope: string,
    claims: { key: string; hash: string }[],
    @MedusaContext() sharedContext: Context = {}
  ): Promise<IdempotencyClaim[]> {
    if (!claims.length) return []
    const manager = sharedContext.manager as SqlEntityManager
    const ids = claims.map(() => generateEntityId(undefined, "oidem"))
    const inserted: { id: string; key: string }[] = await manager.execute(
      `insert into omnichannel_idempotency_record (id, scope, key, request_hash)
       select c.id, ?, c.key, c.hash from jsonb_to_recordset(?::jsonb) as c(id text, key text, hash text)
       on conflict (scope, key) where deleted_at is null do nothing
       returning id, key`,
      [scope, JSON.stringify(claims.map((c, i) => ({ id: ids[i], key: c.key, hash: c.hash })))]
    )
    const mine = new Map(inserted.map((r) => [r.key, r.id]))
    const others = claims.filter((c) => !mine.has(c.key)).map((c) => c.key)
    const existing = new Map(
      (others.length
        ? await this.baseRepository_.serialize<IdempotencyRecordDTO[]>(await this.records_.list({ scope, key: others }, {}, sharedContext))
        : []
      ).map((r) => [r.key, r])
    )
    return claims.map((c): IdempotencyClaim => {
      const id = mine.get(c.key)
      if (id) return { state: "claimed", id }
      const record = existing.get(c.key)
      if (!record) {
        return { state: "error", error: new OmnichannelError("IDEMPOTENCY_REQUEST_IN_PROGRESS", "Idempotency-Key: a request with this key is in progress") }
      }
      if (record.request_hash !== c.hash) {
        return { state: "error", error: new OmnichannelError("IDEMPOTENCY_KEY_REUSED", "Idempotency-Key: already used with a different request body", "Idempotency-Key") }
      }
      if (record.state !== "completed") return { state: "claimed", id: record.id, taken_over: true }
      return { state: "replay", status: record.response_status ?? 200, body: record.response_body }
    })
  }

  /** `completeIdempotencyKey` for many claims: one statement. */
  @InjectManager()
  async completeIdempotencyKeys(answers: { id: string; status: number; body: unknown }[], @MedusaContext() sharedContext: Context = {}) {
    if (!answers.length) return
    const manager = sharedContext.manager as SqlEntityManager
    await manager.execute(
      `update omnichannel_idempotency_record r set state = 'completed', response_status = a.status, response_body = a.body, updated_at = now()
         from jsonb_to_recordset(?::jsonb) as a(id text, status int, body jsonb) where r.id = a.id`,
      [JSON.stringify(answers.map((a) => ({ id: a.id, status: a.status, body: a.body ?? null })))]
    )
  }

  async releaseIdempotencyKeys(ids: string[], sharedContext: Context = {}) {
    if (ids.length) await this.records_.delete(ids, sharedContext)
  }
}
