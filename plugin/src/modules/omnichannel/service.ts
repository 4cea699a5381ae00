import { createAcquirer, type Acquirer, type AcquirerCallReport } from "../../acquirers"
import { enablePrometheusMetrics, observeAcquirerCall, readLedgerGaugesWith } from "../../metrics"
import type { SandboxAcquirer } from "../../acquirers/sandbox"
import { forwardMethods, internalServicesOf, type ForwardedMethods, type InternalServices } from "./forwarded-methods"
import { validateOptions, type OmnichannelModuleOptions } from "./options"
import { OmnichannelModelService } from "./service-base"
import type { IOmnichannelModuleService } from "./service-interface"
import type { WebhookSettings } from "./types"

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

  // Money API (services/chain-money.ts): authorizeFirst, chargeSubsequent, capture, cancel,
  // refund, payout, settle, openHostedCardForm. Add them here (or to FORWARDED_METHODS) and
  // to IOmnichannelModuleService (service-interface.ts).
}

// The concerns' methods (cardTokens, chainLedger, ... in forwarded-methods.ts), typed here
// and put on the prototype below.
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
interface OmnichannelModuleService extends ForwardedMethods {}
forwardMethods(OmnichannelModuleService.prototype)

export default OmnichannelModuleService
