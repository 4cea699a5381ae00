import type { Acquirer } from "../../acquirers"
import { SandboxAcquirer } from "../../acquirers/sandbox"
import { WorldlineDirectAcquirer } from "../../acquirers/worldline-direct/worldline-direct-acquirer"
import { forwardMethods, internalServicesOf, type ForwardedMethods, type InternalServices } from "./forwarded-methods"
import { ACQUIRER_KEY, ACQUIRER_PROVIDER_KEY, type OmnichannelModuleOptions, type RecognizeCustomers } from "./options"
import { OmnichannelModelService } from "./service-base"
import type { IOmnichannelModuleService } from "./service-interface"
import type { WebhookSettings } from "./types"
import { ChainMoney } from "./money/chain-money"
import type * as Money from "./money/types"
import type { OperationDTO } from "./dto"
import type { Context } from "@medusajs/framework/types"
import { InjectTransactionManager, MedusaContext } from "@medusajs/framework/utils"
import { noteOfflineRecovery, reportOfflineOutcome, type OfflineOutcomeInput, type OfflineOutcomeResult, type OfflineRecovery } from "./money/offline-outcomes"

export * from "./dto"
export type { OmnichannelModuleOptions } from "./options"
export type { IOmnichannelModuleService } from "./service-interface"

/**
 * The omnichannel module's public API (IOmnichannelModuleService), as workflows, the
 * provider, routes and Query see it. Each concern lives in its own internal service
 * (./services, registered in the module's container by Medusa); this class exposes their
 * methods (forwarded-methods.ts) beside the ones Medusa generates for the models, so one
 * module keeps one set of tables, migrations and transaction scope. See ./README.md.
 */
class OmnichannelModuleService extends OmnichannelModelService implements IOmnichannelModuleService {
  protected readonly options_: OmnichannelModuleOptions
  /** The acquirer provider option `acquirer` names, wrapped in retries and timing (loaders/register-acquirers.ts). */
  protected readonly acquirer_: Acquirer
  protected readonly acquirerProvider_: Acquirer
  /** Read by the forwarded methods. */
  protected readonly internal_: InternalServices
  private readonly money_: ChainMoney

  constructor(container: Record<string, any>, options: OmnichannelModuleOptions = {}) {
    super(...arguments)
    this.options_ = options ?? {}
    this.internal_ = internalServicesOf(container)
    this.acquirer_ = container[ACQUIRER_KEY]
    this.acquirerProvider_ = container[ACQUIRER_PROVIDER_KEY]
    const logger = container.logger
    this.money_ = new ChainMoney({ ledger: this, acquirer: () => this.acquirer_, warn: (msg) => logger?.warn?.(msg) })
  }

  get acquirer(): Acquirer {
    return this.acquirer_
  }

  get sandbox(): SandboxAcquirer | null {
    return this.acquirerProvider_ instanceof SandboxAcquirer ? this.acquirerProvider_ : null
  }

  get worldlineWebhookSecrets(): { webhookKeyId?: string; webhookSecret?: string } {
    return this.acquirerProvider_ instanceof WorldlineDirectAcquirer ? this.acquirerProvider_.webhookSecrets : {}
  }

  get webhookSettings(): WebhookSettings {
    return this.internal_.terminalOutbox.webhookSettings
  }

  get platformPaymentIds(): boolean {
    return !!this.acquirerProvider_.issuesPaymentIds
  }

  get offlineTokensEnabled(): boolean {
    return !!this.options_.offlineTokens
  }

  /** Option recognizeCustomers: whether till sales and kept cards recognise a customer by card. */
  get recognizeCustomers(): RecognizeCustomers {
    return this.options_.recognizeCustomers ?? "off"
  }

  get metricsSettings(): { enabled: boolean; token?: string } {
    return { enabled: !!this.options_.metrics?.enabled, token: this.options_.metrics?.token }
  }

  // Money API (money/chain-money.ts, typed in money/types.ts): record the operation, ask the acquirer, record its answer.
  openHostedCardForm(input: Money.HostedCardFormInput) { return this.money_.openHostedCardForm(input) }
  authorizeFirst(input: Money.AuthorizeFirstInput) { return this.money_.authorizeFirst(input) }
  payLink(input: Money.PayLinkInput) { return this.money_.payLink(input) }
  chargeSubsequent(input: Money.ChargeSubsequentInput) { return this.money_.chargeSubsequent(input) }
  capture(input: Money.AuthorizationMoveInput) { return this.money_.capture(input) }
  cancel(input: Money.AuthorizationMoveInput) { return this.money_.cancel(input) }
  refund(input: Money.RefundInput) { return this.money_.refund(input) }
  payout(input: Money.PayoutInput) { return this.money_.payout(input) }
  settle(operationId: string, options?: Money.SettleOptions): Promise<OperationDTO> { return this.money_.settle(operationId, options) }
  undoPayment(input: Money.UndoPaymentInput) { return this.money_.undoPayment(input) }
  acquirerRecordOf(reference: string) { return this.money_.acquirerRecordOf(reference) }

  // A till's outcome of a card it approved offline (money/offline-outcomes.ts): one transaction under the chain's lock.
  @InjectTransactionManager()
  async reportOfflineOutcome(input: OfflineOutcomeInput, @MedusaContext() sharedContext: Context = {}): Promise<OfflineOutcomeResult> {
    return await reportOfflineOutcome(this, input, sharedContext)
  }

  @InjectTransactionManager()
  async noteOfflineRecovery(operationId: string, recovery: OfflineRecovery, @MedusaContext() sharedContext: Context = {}): Promise<OperationDTO> {
    return await noteOfflineRecovery(this, operationId, recovery, sharedContext)
  }
}

// The concerns' methods (cardTokens, chainLedger, ... in forwarded-methods.ts), typed here
// and put on the prototype below.
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
interface OmnichannelModuleService extends ForwardedMethods {}
forwardMethods(OmnichannelModuleService.prototype)

export default OmnichannelModuleService
