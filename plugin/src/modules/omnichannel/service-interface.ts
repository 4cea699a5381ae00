import type { Acquirer } from "../../acquirers/types"
import type { SandboxAcquirer } from "../../acquirers/sandbox"
import type { ForwardedMethods } from "./forwarded-methods"
import type { OmnichannelGeneratedMethods } from "./service-base"
import type { WebhookSettings } from "./types"
import type { OmnichannelMoneyApi } from "./money/types"
import type { OperationDTO } from "./dto"
import type { OfflineOutcomeInput, OfflineOutcomeResult, OfflineRecovery } from "./money/offline-outcomes"

/** The methods Medusa generates for the module's models that callers use. */
type GeneratedMethodsUsed =
  | "listOmnichannelChains"
  | "listAndCountOmnichannelChains"
  | "retrieveOmnichannelChain"
  | "updateOmnichannelChains"
  | "deleteOmnichannelChains"
  | "softDeleteOmnichannelChains"
  | "listOmnichannelOperations"
  | "retrieveOmnichannelOperation"
  | "createOmnichannelOperations"
  | "updateOmnichannelOperations"
  | "softDeleteOmnichannelOperations"
  | "listOmnichannelCardTokens"
  | "listOmnichannelAcquirerCalls"
  | "listOmnichannelTerminals"
  | "listOmnichannelStockMovements"
  | "retrieveOmnichannelStockMovement"
  | "softDeleteOmnichannelStockMovements"
  | "listOmnichannelOutboxMessages"
  | "listAndCountOmnichannelOutboxMessages"
  | "softDeleteOmnichannelOutboxMessages"
  | "listOmnichannelPaymentLinks"
  | "retrieveOmnichannelPaymentLink"
  | "deleteOmnichannelPaymentLinks"

/**
 * The omnichannel module's public API: what workflows, the payment provider, routes, jobs
 * and a store resolve (`container.resolve<IOmnichannelModuleService>("omnichannel")`).
 * The concerns' methods are those of the internal services (see forwarded-methods.ts).
 */
export interface IOmnichannelModuleService
  extends ForwardedMethods,
    OmnichannelMoneyApi,
    Pick<OmnichannelGeneratedMethods, GeneratedMethodsUsed> {
  /** The configured card acquirer, retrying retryable answers with the same idempotency key. */
  readonly acquirer: Acquirer
  /** The sandbox acquirer when it is the configured one: its hosted card and 3-D Secure pages exist only then. */
  readonly sandbox: SandboxAcquirer | null
  /** Worldline webhook key id and secret (empty unless the acquirer is worldline-direct). */
  readonly worldlineWebhookSecrets: { webhookKeyId?: string; webhookSecret?: string }
  readonly webhookSettings: WebhookSettings
  /** The acquirer issues the 19-digit payment ids itself (Worldline): chains take them. */
  readonly platformPaymentIds: boolean
  readonly offlineTokensEnabled: boolean
  /** Option recognizeCustomers ("off" unless set): "by_card" recognises a till shopper by a card a customer kept. */
  readonly recognizeCustomers: "off" | "by_card"
  /** Metrics switched on (option metrics.enabled), and the bearer token a scrape must carry, if any. */
  readonly metricsSettings: { enabled: boolean; token?: string }
  /** A till's outcome of a card it approved offline: applied once under the chain's lock (money/offline-outcomes.ts). */
  reportOfflineOutcome(input: OfflineOutcomeInput): Promise<OfflineOutcomeResult>
  /** What the recovery of a declined offline payment did (link and email), kept with its outcome. */
  noteOfflineRecovery(operationId: string, recovery: OfflineRecovery): Promise<OperationDTO>
}
