import type { Acquirer } from "./types"

/**
 * An acquirer provider: one class per platform, talking only to that platform. The
 * omnichannel module's loader registers each as `acq_<id>` in its container and uses the one
 * option `acquirer` names, wrapped in retries and timing (RetryingAcquirer, MeasuredAcquirer).
 *
 * The class is built with its options first (it rarely needs more), then the module's
 * container. A static `validateOptions` is called at start-up with the same options.
 */
export interface AcquirerProviderClass {
  /** The provider's id when its registration gives none: `acq_<identifier>`. */
  readonly identifier: string
  new (options: any, container?: Record<string, unknown>): Acquirer
  validateOptions?(options: unknown): void
}

/** A base for acquirer providers: the `name` (metrics, acquirer-call records) is the class's `identifier`. */
export abstract class AbstractAcquirerProvider implements Acquirer {
  static identifier: string

  get name(): string {
    return (this.constructor as typeof AbstractAcquirerProvider).identifier
  }

  /**
   * The platform issues the chains' 19-digit payment ids itself (Worldline's omnichannel
   * payment id): a chain takes the id of its first payment instead of making one.
   */
  get issuesPaymentIds(): boolean {
    return false
  }

  abstract authorize(req: Parameters<Acquirer["authorize"]>[0]): ReturnType<Acquirer["authorize"]>
  abstract capture(req: Parameters<Acquirer["capture"]>[0]): ReturnType<Acquirer["capture"]>
  abstract cancel(req: Parameters<Acquirer["cancel"]>[0]): ReturnType<Acquirer["cancel"]>
  abstract refund(req: Parameters<Acquirer["refund"]>[0]): ReturnType<Acquirer["refund"]>
  abstract payout(req: Parameters<Acquirer["payout"]>[0]): ReturnType<Acquirer["payout"]>
  abstract createHostedCardForm(req: Parameters<Acquirer["createHostedCardForm"]>[0]): ReturnType<Acquirer["createHostedCardForm"]>
  abstract describeHostedCard(hostedTokenizationId: string): ReturnType<Acquirer["describeHostedCard"]>
  abstract getPayment(reference: string): ReturnType<Acquirer["getPayment"]>
  abstract paymentRecord(reference: string): ReturnType<Acquirer["paymentRecord"]>
}
