import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { Modules } from "@medusajs/framework/utils"
import { randomUUID } from "crypto"
import { setTimeout as sleep } from "timers/promises"
import { OmnichannelError } from "../../../errors/omnichannel-error"

/**
 * Long enough for a capture or a decline's link (about a second); a run whose instance died
 * frees the key after it, so an outcome sent again then waits (WAIT_MS) and goes on.
 */
const LOCK_TTL_SECONDS = 30
/** A duplicate of an outcome being applied waits for it (then replays) rather than being refused. */
const WAIT_MS = 40_000
const RETRY_MS = 100

export const offlineOutcomeLockKey = (terminalId: string, reference: string) => `omnichannel:offline-outcome:${terminalId}:${reference}`

/**
 * One outcome of a payment at a time, across instances (Medusa's locking module, Redis when
 * configured): a duplicate sent meanwhile waits, then finds the outcome applied and only
 * finishes what may be missing (Medusa's capture or cancel, the decline's link), so the
 * link and its email go out once. The ledger's own transition is guarded by the chain's row lock.
 */
export const lockOfflineOutcomeStep = createStep(
  "omnichannel-lock-offline-outcome",
  async ({ key }: { key: string }, { container }) => {
    const locking = container.resolve(Modules.LOCKING)
    // Unique per run: a provider treats a second acquire by the same owner as its own.
    const ownerId = `offline-outcome:${randomUUID()}`
    const until = Date.now() + WAIT_MS
    for (;;) {
      const acquired = await locking.acquire(key, { ownerId, expire: LOCK_TTL_SECONDS }).then(() => true, () => false)
      if (acquired) break
      if (Date.now() >= until) {
        throw OmnichannelError.transient("IDEMPOTENCY_REQUEST_IN_PROGRESS", "acquirer_reference: another outcome of this payment is being applied; send it again", "acquirer_reference")
      }
      await sleep(RETRY_MS)
    }
    return new StepResponse({ key, ownerId }, { key, ownerId })
  },
  async (lock, { container }) => {
    if (lock) await container.resolve(Modules.LOCKING).release(lock.key, { ownerId: lock.ownerId })
  }
)

export const unlockOfflineOutcomeStep = createStep(
  "omnichannel-unlock-offline-outcome",
  async (lock: { key: string; ownerId: string }, { container }) => {
    await container.resolve(Modules.LOCKING).release(lock.key, { ownerId: lock.ownerId })
    return new StepResponse(undefined)
  }
)
