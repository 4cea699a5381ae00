import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { Modules } from "@medusajs/framework/utils"
import { OmnichannelError } from "../../../errors/omnichannel-error"

const LOCK_TTL_SECONDS = 60

export const chainLockKey = (paymentId: string) => `omnichannel:chain:${paymentId}`

/**
 * Medusa's locking module (Redis-backed when configured, so it spans instances): one
 * money-moving workflow per chain at a time. A second one is refused at once with
 * REFUND_ORDER_LOCKED rather than queued behind the first. A request retried with the
 * client's Idempotency-Key passes its key as `owner`: if the instance that ran it first
 * died holding the lock, the retry is that same owner and goes on (resuming its
 * operation) instead of waiting out the lease.
 */
export const lockChainStep = createStep(
  "omnichannel-lock-chain",
  async ({ payment_id, owner }: { payment_id: string; owner?: string }, { container, context }) => {
    const locking = container.resolve(Modules.LOCKING)
    const ownerId = owner ? `request:${owner}` : context.transactionId ?? `chain-lock:${payment_id}:${Date.now()}`
    const acquired = await locking
      .acquire(chainLockKey(payment_id), { ownerId, expire: LOCK_TTL_SECONDS })
      .then(() => true)
      // Providers differ in what they throw when the key is held (Redis: a conflict, in-memory:
      // a plain Error); either way nothing has moved, and the refusal is transient.
      .catch(() => false)
    if (!acquired) {
      throw OmnichannelError.transient("REFUND_ORDER_LOCKED", `payment_id: another operation on ${payment_id} is in progress`, "payment_id")
    }
    return new StepResponse({ payment_id, ownerId }, { payment_id, ownerId })
  },
  async (lock, { container }) => {
    if (!lock) return
    await container.resolve(Modules.LOCKING).release(chainLockKey(lock.payment_id), { ownerId: lock.ownerId })
  }
)

export const unlockChainStep = createStep(
  "omnichannel-unlock-chain",
  async (lock: { payment_id: string; ownerId: string }, { container }) => {
    await container.resolve(Modules.LOCKING).release(chainLockKey(lock.payment_id), { ownerId: lock.ownerId })
    return new StepResponse(undefined)
  }
)
