import { ModuleProvider } from "@medusajs/framework/utils"
import { AbstractAcquirerProvider } from "../../plugin/src/acquirers/provider"
import { AcquirerError, type AcquirerResult } from "../../plugin/src/acquirers/types"

/**
 * A merchant's own acquirer as the README's "Write your own acquirer" describes it: a class
 * registered through option `acquirerProviders`. It approves everything and keeps what it was
 * asked; its first `capture` answers "retryable", so a test sees the module's retries around it.
 */
type RecordedCall = { call: string; idempotency_key?: string; label: string }

/** Kept per process, not on the class: the module may load this file apart from the test's own import. */
export function recordedAcquirerCalls(): RecordedCall[] {
  const g = globalThis as unknown as Record<symbol, RecordedCall[]>
  return (g[Symbol.for("omnichannel-tests.recording-acquirer")] ??= [])
}

export class RecordingAcquirer extends AbstractAcquirerProvider {
  static identifier = "recording"
  private capturesRefused = 0

  constructor(private readonly options: { label: string }) {
    super()
  }

  static validateOptions(options: unknown) {
    if (!(options as { label?: unknown } | undefined)?.label) throw new Error("recording acquirer: option label is required")
  }

  private answer(call: string, key: string | undefined, status: AcquirerResult["status"]): AcquirerResult {
    recordedAcquirerCalls().push({ call, idempotency_key: key, label: this.options.label })
    return { reference: `REC-${recordedAcquirerCalls().length}`, status }
  }

  async authorize(req: { idempotency_key: string }) {
    return this.answer("authorize", req.idempotency_key, "authorized")
  }
  async capture(req: { idempotency_key: string }) {
    if (this.capturesRefused++ === 0) {
      recordedAcquirerCalls().push({ call: "capture", idempotency_key: req.idempotency_key, label: this.options.label })
      throw new AcquirerError("retryable", "ACQUIRER_TIMEOUT", "no answer in time")
    }
    return this.answer("capture", req.idempotency_key, "captured")
  }
  async cancel(req: { idempotency_key: string }) {
    return this.answer("cancel", req.idempotency_key, "cancelled")
  }
  async refund(req: { idempotency_key: string }) {
    return this.answer("refund", req.idempotency_key, "refunded")
  }
  async payout(req: { idempotency_key: string }) {
    return this.answer("payout", req.idempotency_key, "paid_out")
  }
  async createHostedCardForm(req: { idempotency_key: string }) {
    this.answer("hosted_form", req.idempotency_key, "authorized")
    return { kind: "sandbox" as const, id: "form-1", url: "https://acquirer.example/form-1" }
  }
  async describeHostedCard(): Promise<never> {
    throw new AcquirerError("invalid", "INVALID_DATA", "hosted_tokenization_id: unknown")
  }
  async getPayment(reference: string): Promise<AcquirerResult> {
    recordedAcquirerCalls().push({ call: "get_payment", label: this.options.label })
    return { reference, status: "authorized" }
  }
  async paymentRecord() {
    return null
  }
}

/** What a module path named in `acquirerProviders[].resolve` exports, as for Medusa's payment providers. */
export default ModuleProvider("omnichannel", { services: [RecordingAcquirer] })
