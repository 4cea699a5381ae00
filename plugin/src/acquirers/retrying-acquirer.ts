import { setTimeout as sleep } from "timers/promises"
import { AcquirerError, type Acquirer } from "./types"

export type RetryPolicy = { attempts: number; backoffMs: number }

/**
 * Sends a call again, with the same idempotency key, when the acquirer's answer was
 * retryable (timeout, 5xx, request still running). Declines and invalid requests are final.
 */
export class RetryingAcquirer implements Acquirer {
  constructor(
    private readonly inner: Acquirer,
    private readonly policy: RetryPolicy = { attempts: 3, backoffMs: 50 }
  ) {}

  get name() {
    return this.inner.name
  }

  get issuesPaymentIds() {
    return this.inner.issuesPaymentIds
  }

  authorize: Acquirer["authorize"] = (req) => this.retry(() => this.inner.authorize(req))
  capture: Acquirer["capture"] = (req) => this.retry(() => this.inner.capture(req))
  cancel: Acquirer["cancel"] = (req) => this.retry(() => this.inner.cancel(req))
  refund: Acquirer["refund"] = (req) => this.retry(() => this.inner.refund(req))
  payout: Acquirer["payout"] = (req) => this.retry(() => this.inner.payout(req))
  createHostedCardForm: Acquirer["createHostedCardForm"] = (req) => this.retry(() => this.inner.createHostedCardForm(req))
  describeHostedCard: Acquirer["describeHostedCard"] = (id) => this.retry(() => this.inner.describeHostedCard(id))
  getPayment: Acquirer["getPayment"] = (reference) => this.retry(() => this.inner.getPayment(reference))
  paymentRecord: Acquirer["paymentRecord"] = (reference) => this.retry(() => this.inner.paymentRecord(reference))

  private async retry<T>(call: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await call()
      } catch (err) {
        const retryable = err instanceof AcquirerError && err.kind === "retryable"
        if (!retryable || attempt >= this.policy.attempts) {
          throw err
        }
        await sleep(this.policy.backoffMs * 2 ** (attempt - 1))
      }
    }
  }
}
