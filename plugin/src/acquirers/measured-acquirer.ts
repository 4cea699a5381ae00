import { performance } from "perf_hooks"
import { AcquirerError, type Acquirer } from "./types"

export type AcquirerCallReport = {
  acquirer: string
  call: string
  outcome: "ok" | "declined" | "invalid" | "retryable"
  reason: string | null
  duration_ms: number
  operation_id: string | null
}

/**
 * Times every request to the acquirer (inside the retries, so each attempt is one report)
 * and hands the report on; a report that cannot be kept never fails the call.
 */
export class MeasuredAcquirer implements Acquirer {
  constructor(
    private readonly inner: Acquirer,
    private readonly report: (call: AcquirerCallReport) => Promise<void> | void
  ) {}

  get name() {
    return this.inner.name
  }

  get issuesPaymentIds() {
    return this.inner.issuesPaymentIds
  }

  authorize: Acquirer["authorize"] = (req) => this.measure("authorize", req.operation_id, () => this.inner.authorize(req))
  capture: Acquirer["capture"] = (req) => this.measure("capture", req.operation_id, () => this.inner.capture(req))
  cancel: Acquirer["cancel"] = (req) => this.measure("cancel", req.operation_id, () => this.inner.cancel(req))
  refund: Acquirer["refund"] = (req) => this.measure("refund", req.operation_id, () => this.inner.refund(req))
  payout: Acquirer["payout"] = (req) => this.measure("payout", req.operation_id, () => this.inner.payout(req))
  createHostedCardForm: Acquirer["createHostedCardForm"] = (req) => this.measure("hosted_form", undefined, () => this.inner.createHostedCardForm(req))
  describeHostedCard: Acquirer["describeHostedCard"] = (id) => this.measure("describe_card", undefined, () => this.inner.describeHostedCard(id))
  getPayment: Acquirer["getPayment"] = (reference) => this.measure("get_payment", undefined, () => this.inner.getPayment(reference))
  paymentRecord: Acquirer["paymentRecord"] = (reference) => this.measure("payment_record", undefined, () => this.inner.paymentRecord(reference))

  private async measure<T>(call: string, operationId: string | undefined, run: () => Promise<T>): Promise<T> {
    const started = performance.now()
    let outcome: AcquirerCallReport["outcome"] = "ok"
    let reason: string | null = null
    try {
      return await run()
    } catch (err) {
      outcome = err instanceof AcquirerError ? err.kind : "retryable"
      reason = err instanceof AcquirerError ? err.reason : "UNEXPECTED_ERROR"
      throw err
    } finally {
      const duration_ms = performance.now() - started
      try {
        await this.report({ acquirer: this.inner.name, call, outcome, reason, duration_ms, operation_id: operationId ?? null })
      } catch {
        // Watching must not stop a payment.
      }
    }
  }
}
