import { randomUUID } from "crypto"
import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { OmnichannelError } from "../errors/omnichannel-error"
import { countIdempotentReplay } from "../metrics"
import { OMNICHANNEL_MODULE } from "../modules/omnichannel"
import type { IOmnichannelModuleService } from "../modules/omnichannel/service"
import { requestHash } from "./request-hash"
import { idempotencyLockKey, keptRefusal, LEASE_SECONDS, WAIT_FOR_FIRST_SECONDS, type IdempotentResult } from "./with-idempotency"

// A second batch of the same till waits this long for the one running (then replays its answers).
const WAIT_FOR_BATCH_SECONDS = 60
// Keys taken one by one (some of the batch's were held elsewhere) are not renewed: leased for a whole batch.
const UNRENEWED_LEASE_SECONDS = 120

/** One request of a batch: its key (none: it runs without one) and its body. */
export type BatchEntry = { key: string | undefined; body: unknown }
/** A claimed entry handed to the batch's run; `taken_over`: a stopped instance left its key running. */
export type ClaimedEntry = { index: number; key: string | undefined; body: unknown; taken_over: boolean }
/** What the run made of an entry: its answer, or what it threw. */
export type EntryOutcome = IdempotentResult | { error: unknown }
export type BatchAnswer = IdempotentResult & { replayed?: boolean }

/**
 * `withIdempotency` for many requests in one call (a till's backlog of sales): each entry is
 * answered as its own request with its key would be. Every key of the batch is held with
 * Medusa's locking module (the same locks as the single route's, so a single request and a
 * batch never run one key at once), then all are claimed in one statement; the run gets the
 * claimed entries only, and the answers are kept (or, for failures that are not the
 * request's answer, the keys released) in one statement each. Replays and refusals of a key
 * (reused with another body, still running elsewhere) are answered without running.
 * Batches of one scope run one after the other, so two never wait on each other's keys; a
 * key held by a single request still running answers its sale "in progress", the rest run.
 */
export async function withIdempotentBatch(
  container: MedusaContainer,
  scope: string,
  entries: BatchEntry[],
  run: (claimed: ClaimedEntry[]) => Promise<Map<number, EntryOutcome>>
): Promise<BatchAnswer[]> {
  const ledger = container.resolve<IOmnichannelModuleService>(OMNICHANNEL_MODULE)
  const locking = container.resolve(Modules.LOCKING)
  const answers: BatchAnswer[] = new Array(entries.length)
  const hashes = entries.map((e) => requestHash(e.body))
  // A key sent twice in the batch: its first entry runs, the others are answered as its retries.
  const first = new Map<string, number>()
  entries.forEach((e, i) => {
    if (!e.key) return
    // As the single route: a key that long is refused, and nothing runs under it.
    if (e.key.length > 255) answers[i] = refusalAnswer(new OmnichannelError("INVALID_DATA", "Idempotency-Key: at most 255 characters", "Idempotency-Key"))
    else if (!first.has(e.key)) first.set(e.key, i)
  })
  const keys = [...first.keys()]
  const inProgress = () => refusalAnswer(new OmnichannelError("IDEMPOTENCY_REQUEST_IN_PROGRESS", "Idempotency-Key: the first request with this key is still running; retry shortly"))

  /** Runs the batch's entries whose keys this request holds (and those without a key). */
  const runBatch = async (held: string[]) => {
    const claims = await ledger.claimIdempotencyKeys(scope, held.map((key) => ({ key, hash: hashes[first.get(key)!] })))
    const claimed: (ClaimedEntry & { claim_id?: string })[] = []
    claims.forEach((claim, k) => {
      const index = first.get(held[k])!
      if (claim.state === "replay") answers[index] = { status: claim.status, body: claim.body, replayed: true }
      else if (claim.state === "error") answers[index] = refusalAnswer(claim.error)
      else claimed.push({ index, key: held[k], body: entries[index].body, taken_over: !!claim.taken_over, claim_id: claim.id })
    })
    entries.forEach((e, index) => !e.key && claimed.push({ index, key: undefined, body: e.body, taken_over: false }))
    const takenOver = claimed.filter((c) => c.taken_over).map((c) => c.key)
    if (takenOver.length) {
      container
        .resolve(ContainerRegistrationKeys.LOGGER)
        .warn(`omnichannel: ${takenOver.length} Idempotency-Keys (${scope}) were left running by a stopped instance; this batch takes them over (${takenOver.slice(0, 5).join(", ")}${takenOver.length > 5 ? ", ..." : ""})`)
    }

    const outcomes = claimed.length ? await run(claimed.map(({ claim_id: _id, ...c }) => c)) : new Map<number, EntryOutcome>()
    const complete: { id: string; status: number; body: unknown }[] = []
    const release: string[] = []
    for (const c of claimed) {
      const outcome = outcomes.get(c.index) ?? { error: new Error(`entry ${c.index} was not run`) }
      const kept = "error" in outcome ? keptRefusal(outcome.error) : outcome.status < 500 ? outcome : undefined
      answers[c.index] = kept ?? ("error" in outcome ? notKept(container, outcome.error) : outcome)
      if (!c.claim_id) continue
      if (kept) complete.push({ id: c.claim_id, status: kept.status, body: kept.body })
      else release.push(c.claim_id)
    }
    await ledger.completeIdempotencyKeys(complete)
    await ledger.releaseIdempotencyKeys(release)
  }

  /**
   * The keys not held elsewhere, taken one by one without waiting, under a lease long enough
   * for the whole batch (these locks are not renewed); the others' sales answered "in progress".
   */
  const runHoldingFreeKeys = async () => {
    const ownerId = `omnichannel-batch:${randomUUID()}`
    const held: string[] = []
    for (const key of keys) {
      try {
        await locking.acquire(idempotencyLockKey(scope, key), { ownerId, expire: UNRENEWED_LEASE_SECONDS })
        held.push(key)
      } catch {
        answers[first.get(key)!] = inProgress()
      }
    }
    try {
      await runBatch(held)
    } finally {
      if (held.length) await locking.release(held.map((key) => idempotencyLockKey(scope, key)), { ownerId })
    }
  }

  if (keys.length) {
    let started = false
    await locking
      .execute(
        `omnichannel:idempotency:${scope}:batch`,
        async () => {
          started = true
          let holding = false
          await locking
            .execute(
              keys.map((key) => idempotencyLockKey(scope, key)),
              async () => {
                holding = true
                await runBatch(keys)
              },
              { timeout: WAIT_FOR_FIRST_SECONDS, expire: LEASE_SECONDS }
            )
            .catch(async (err) => {
              if (holding) throw err
              // Some keys are held by requests still running: those sales are answered "in progress", the others run.
              await runHoldingFreeKeys()
            })
        },
        { timeout: WAIT_FOR_BATCH_SECONDS, expire: LEASE_SECONDS }
      )
      .catch((err) => {
        if (started) throw err
        for (const index of first.values()) answers[index] = inProgress()
      })
  } else {
    await runBatch([])
  }

  // Later entries of a key sent twice: its answer again if the body is the same (not if it is not kept).
  entries.forEach((e, i) => {
    if (!e.key || first.get(e.key) === i || !first.has(e.key)) return
    const firstIndex = first.get(e.key)!
    if (hashes[i] !== hashes[firstIndex]) {
      answers[i] = refusalAnswer(new OmnichannelError("IDEMPOTENCY_KEY_REUSED", "Idempotency-Key: already used with a different request body", "Idempotency-Key"))
    } else {
      const { replayed: _r, ...answer } = answers[firstIndex]
      answers[i] = answer.status < 500 ? { ...answer, replayed: true } : inProgress()
    }
  })
  for (const answer of answers) if (answer?.replayed) countIdempotentReplay(scope)
  return answers
}

function refusalAnswer(err: OmnichannelError): BatchAnswer {
  return { status: err.status, body: { code: err.code, type: err.type, message: err.message } }
}

/** A failure that is not the request's answer: a refusal of the moment as such; anything else as Medusa answers it (logged). */
function notKept(container: MedusaContainer, err: unknown): BatchAnswer {
  if (OmnichannelError.is(err)) {
    // A workflow may hand back a copy of the step's error: rebuilt from its code.
    const e = err as { code: string; message: string }
    return refusalAnswer(err instanceof OmnichannelError ? err : new OmnichannelError(e.code as never, e.message))
  }
  container.resolve(ContainerRegistrationKeys.LOGGER).error(err as Error)
  return { status: 500, body: { code: "unknown_error", type: "unknown_error", message: "An unknown error occurred." } }
}
