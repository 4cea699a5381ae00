import { createAcquirer, type Acquirer, type AcquirerCallReport } from "../../acquirers"
import { enablePrometheusMetrics, observeAcquirerCall, readLedgerGaugesWith } from "../../metrics"
import type { SandboxAcquirer } from "../../acquirers/sandbox"
import { forwardMethods, internalServicesOf, type ForwardedMethods, type InternalServices } from "./forwarded-methods"
import { validateOptions, type OmnichannelModuleOptions } from "./options"
import { OmnichannelModelService } from "./service-base"
import type { IOmnichannelModuleService } from "./service-interface"
import type { WebhookSettings } from "./types"
import { ChainMoney } from "./money/chain-money"
import type * as Money from "./money/types"
import type { OperationDTO } from "./dto"

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
  protected readonly acquirer_: Acquirer
  protected readonly sandbox_: SandboxAcquirer | null
  /** Read by the forwarded methods. */
  protected readonly internal_: InternalServices
  private readonly money_: ChainMoney

  constructor(container: Record<string, any>, options: OmnichannelModuleOptions = {}) {
    super(...arguments)
    this.options_ = options ?? {}
    validateOptions(this.options_)
    this.internal_ = internalServicesOf(container)
    const health = this.internal_.health
    const logger = container.logger
    const { acquirer, sandbox } = createAcquirer(this.options_, async (call: AcquirerCallReport) => {
      observeAcquirerCall(call, call.duration_ms / 1000)
      await health.recordAcquirerCall(call).catch((err: Error) => logger?.warn?.(`omnichannel: could not keep an acquirer call's timing: ${err.message}`))
    })
    if (this.options_.metrics?.enabled) enablePrometheusMetrics()
    readLedgerGaugesWith(() => health.readLedgerGauges())
    this.acquirer_ = acquirer
    this.sandbox_ = sandbox
    this.money_ = new ChainMoney({ ledger: this, acquirer: () => this.acquirer_, warn: (msg) => logger?.warn?.(msg) })
  }

  get acquirer(): Acquirer {
    return this.acquirer_
  }

  get sandbox(): SandboxAcquirer | null {
    return this.sandbox_
  }

  get worldlineWebhookSecrets(): { webhookKeyId?: string; webhookSecret?: string } {
    if (this.options_.acquirer !== "worldline-direct") return {}
    const { webhookKeyId, webhookSecret } = this.options_.worldline ?? {}
    return { webhookKeyId, webhookSecret }
  }

  get webhookSettings(): WebhookSettings {
    return this.internal_.terminalOutbox.webhookSettings
  }

  get platformPaymentIds(): boolean {
    return this.options_.acquirer === "worldline-direct"
  }

  get offlineTokensEnabled(): boolean {
    return !!this.options_.offlineTokens
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
}

// The concerns' methods (cardTokens, chainLedger, ... in forwarded-methods.ts), typed here
// and put on the prototype below.
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
interface OmnichannelModuleService extends ForwardedMethods {}
forwardMethods(OmnichannelModuleService.prototype)

export default OmnichannelModuleService
