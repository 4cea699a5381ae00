import { MedusaService } from "@medusajs/framework/utils"
import { createAcquirer, type Acquirer, type AcquirerCallReport } from "../../acquirers"
import { enablePrometheusMetrics, observeAcquirerCall, readLedgerGaugesWith } from "../../metrics"
import type { SandboxAcquirer } from "../../acquirers/sandbox"
import type { ChainDTO, OperationDTO, OutboxMessageDTO } from "./dto"
import AcquirerCall from "./models/acquirer-call"
import CardToken from "./models/card-token"
import Chain from "./models/chain"
import IdempotencyRecord from "./models/idempotency-record"
import Operation from "./models/operation"
import OutboxMessage from "./models/outbox-message"
import PaymentLink from "./models/payment-link"
import Reconciliation from "./models/reconciliation"
import ReconciliationDifference from "./models/reconciliation-difference"
import StockMovement from "./models/stock-movement"
import Terminal from "./models/terminal"
import { validateOptions, type OmnichannelModuleOptions } from "./options"
import type { CardTokens } from "./services/card-tokens"
import type { ChainLedger } from "./services/chain-ledger"
import type { Health } from "./services/health"
import type { IdempotencyRecords } from "./services/idempotency-records"
import type { PaymentLinks } from "./services/payment-links"
import type { Reconciliations } from "./services/reconciliations"
import type { Reports } from "./services/reports"
import type { StockMovements } from "./services/stock-movements"
import type { TerminalOutbox } from "./services/terminal-outbox"
import type { Terminals } from "./services/terminals"
import type { WebhookSettings } from "./types"

export * from "./dto"
export type { OmnichannelModuleOptions } from "./options"

/**
 * The omnichannel module's public API, as workflows, the provider, routes and Query see it.
 * Each concern lives in its own internal service (./services, registered in the module's
 * container by Medusa); this class composes them, so one module keeps one set of tables,
 * migrations and transaction scope. See ./README.md for which service owns what.
 */
class OmnichannelModuleService extends MedusaService({
  OmnichannelChain: Chain,
  OmnichannelOperation: Operation,
  OmnichannelCardToken: CardToken,
  OmnichannelTerminal: Terminal,
  OmnichannelIdempotencyRecord: IdempotencyRecord,
  OmnichannelStockMovement: StockMovement,
  OmnichannelOutboxMessage: OutboxMessage,
  OmnichannelPaymentLink: PaymentLink,
  OmnichannelAcquirerCall: AcquirerCall,
  OmnichannelReconciliation: Reconciliation,
  OmnichannelReconciliationDifference: ReconciliationDifference,
}) {
  protected readonly options_: OmnichannelModuleOptions
  protected readonly acquirer_: Acquirer
  protected readonly sandbox_: SandboxAcquirer | null
  private readonly chainLedger_: ChainLedger
  private readonly cardTokens_: CardTokens
  private readonly terminals_: Terminals
  private readonly idempotency_: IdempotencyRecords
  private readonly stock_: StockMovements
  private readonly outbox_: TerminalOutbox
  private readonly reports_: Reports
  private readonly reconciliations_: Reconciliations
  private readonly health_: Health
  private readonly paymentLinks_: PaymentLinks

  constructor(container: Record<string, any>, options: OmnichannelModuleOptions = {}) {
    super(...arguments)
    this.options_ = options ?? {}
    validateOptions(this.options_)
    this.health_ = container.health
    const logger = container.logger
    const { acquirer, sandbox } = createAcquirer(this.options_, async (call: AcquirerCallReport) => {
      observeAcquirerCall(call, call.duration_ms / 1000)
      await this.health_.recordAcquirerCall(call).catch((err: Error) => logger?.warn?.(`omnichannel: could not keep an acquirer call's timing: ${err.message}`))
    })
    if (this.options_.metrics?.enabled) enablePrometheusMetrics()
    readLedgerGaugesWith(() => this.health_.readLedgerGauges())
    this.acquirer_ = acquirer
    this.sandbox_ = sandbox
    this.chainLedger_ = container.chainLedger
    this.cardTokens_ = container.cardTokens
    this.terminals_ = container.terminals
    this.idempotency_ = container.idempotencyRecords
    this.stock_ = container.stockMovements
    this.outbox_ = container.terminalOutbox
    this.reports_ = container.reports
    this.reconciliations_ = container.reconciliations
    this.paymentLinks_ = container.paymentLinks
  }

  /** The configured card acquirer, retrying retryable answers with the same idempotency key. */
  get acquirer(): Acquirer {
    return this.acquirer_
  }

  /** The sandbox acquirer when it is the configured one: its hosted card and 3-D Secure pages exist only then. */
  get sandbox(): SandboxAcquirer | null {
    return this.sandbox_
  }

  /** Worldline webhook key id and secret (empty unless the acquirer is worldline-direct). */
  get worldlineWebhookSecrets(): { webhookKeyId?: string; webhookSecret?: string } {
    if (this.options_.acquirer !== "worldline-direct") return {}
    const { webhookKeyId, webhookSecret } = this.options_.worldline ?? {}
    return { webhookKeyId, webhookSecret }
  }

  get webhookSettings(): WebhookSettings {
    return this.outbox_.webhookSettings
  }

  /** The acquirer issues the 19-digit payment ids itself (Worldline): chains take them. */
  get platformPaymentIds(): boolean {
    return this.options_.acquirer === "worldline-direct"
  }

  get offlineTokensEnabled(): boolean {
    return !!this.options_.offlineTokens
  }

  // Card tokens (services/card-tokens.ts)
  tokenizeHostedCard(...args: Parameters<CardTokens["tokenizeHostedCard"]>) {
    return this.cardTokens_.tokenizeHostedCard(...args)
  }
  tokenizeTerminalCard(...args: Parameters<CardTokens["tokenizeTerminalCard"]>) {
    return this.cardTokens_.tokenizeTerminalCard(...args)
  }

  // Chains and operations (services/chain-ledger.ts; rules in utils/chain-invariants.ts)
  openChain(...args: Parameters<ChainLedger["openChain"]>) {
    return this.chainLedger_.openChain(...args)
  }
  adoptPaymentId(...args: Parameters<ChainLedger["adoptPaymentId"]>) {
    return this.chainLedger_.adoptPaymentId(...args)
  }
  retrieveChainByPaymentId(...args: Parameters<ChainLedger["retrieveChainByPaymentId"]>): Promise<ChainDTO> {
    return this.chainLedger_.retrieveChainByPaymentId(...args)
  }
  viewChain(...args: Parameters<ChainLedger["viewChain"]>) {
    return this.chainLedger_.viewChain(...args)
  }
  getChainTotals(...args: Parameters<ChainLedger["getChainTotals"]>) {
    return this.chainLedger_.getChainTotals(...args)
  }
  verifyCollectCard(...args: Parameters<ChainLedger["verifyCollectCard"]>) {
    return this.chainLedger_.verifyCollectCard(...args)
  }
  beginOperation(...args: Parameters<ChainLedger["beginOperation"]>): Promise<OperationDTO> {
    return this.chainLedger_.beginOperation(...args)
  }
  checkOperation(...args: Parameters<ChainLedger["checkOperation"]>) {
    return this.chainLedger_.checkOperation(...args)
  }
  awaitCustomer(...args: Parameters<ChainLedger["awaitCustomer"]>): Promise<OperationDTO> {
    return this.chainLedger_.awaitCustomer(...args)
  }
  settleOperation(...args: Parameters<ChainLedger["settleOperation"]>): Promise<OperationDTO> {
    return this.chainLedger_.settleOperation(...args)
  }
  noteMedusaPayment(...args: Parameters<ChainLedger["noteMedusaPayment"]>): Promise<void> {
    return this.chainLedger_.noteMedusaPayment(...args)
  }

  // Terminals (services/terminals.ts)
  createTerminal(...args: Parameters<Terminals["createTerminal"]>) {
    return this.terminals_.createTerminal(...args)
  }
  rotateTerminalSecret(...args: Parameters<Terminals["rotateTerminalSecret"]>) {
    return this.terminals_.rotateTerminalSecret(...args)
  }
  deactivateTerminal(...args: Parameters<Terminals["deactivateTerminal"]>) {
    return this.terminals_.deactivateTerminal(...args)
  }
  activeTerminalSecret(...args: Parameters<Terminals["activeTerminalSecret"]>) {
    return this.terminals_.activeTerminalSecret(...args)
  }

  // Idempotency records (services/idempotency-records.ts)
  claimIdempotencyKey(...args: Parameters<IdempotencyRecords["claimIdempotencyKey"]>) {
    return this.idempotency_.claimIdempotencyKey(...args)
  }
  completeIdempotencyKey(...args: Parameters<IdempotencyRecords["completeIdempotencyKey"]>) {
    return this.idempotency_.completeIdempotencyKey(...args)
  }
  releaseIdempotencyKey(...args: Parameters<IdempotencyRecords["releaseIdempotencyKey"]>) {
    return this.idempotency_.releaseIdempotencyKey(...args)
  }

  // Stock movements (services/stock-movements.ts)
  recordStockMovements(...args: Parameters<StockMovements["recordStockMovements"]>) {
    return this.stock_.recordStockMovements(...args)
  }
  latestAppliedCounts(...args: Parameters<StockMovements["latestAppliedCounts"]>) {
    return this.stock_.latestAppliedCounts(...args)
  }
  markStockMovementsApplied(...args: Parameters<StockMovements["markStockMovementsApplied"]>) {
    return this.stock_.markStockMovementsApplied(...args)
  }
  listOpenStockDiscrepancies(...args: Parameters<StockMovements["listOpenStockDiscrepancies"]>) {
    return this.stock_.listOpenStockDiscrepancies(...args)
  }

  // Terminal outbox (services/terminal-outbox.ts)
  enqueueTerminalNotifications(...args: Parameters<TerminalOutbox["enqueueTerminalNotifications"]>): Promise<OutboxMessageDTO[]> {
    return this.outbox_.enqueueTerminalNotifications(...args)
  }
  claimDueDeliveries(...args: Parameters<TerminalOutbox["claimDueDeliveries"]>) {
    return this.outbox_.claimDueDeliveries(...args)
  }
  releaseDeliveries(...args: Parameters<TerminalOutbox["releaseDeliveries"]>) {
    return this.outbox_.releaseDeliveries(...args)
  }
  recordDeliveryAttempt(...args: Parameters<TerminalOutbox["recordDeliveryAttempt"]>) {
    return this.outbox_.recordDeliveryAttempt(...args)
  }
  webhookTarget(...args: Parameters<TerminalOutbox["webhookTarget"]>) {
    return this.outbox_.webhookTarget(...args)
  }

  // Payment links (services/payment-links.ts)
  createPaymentLink(...args: Parameters<PaymentLinks["createPaymentLink"]>) {
    return this.paymentLinks_.createPaymentLink(...args)
  }
  retrievePaymentLinkByToken(...args: Parameters<PaymentLinks["retrievePaymentLinkByToken"]>) {
    return this.paymentLinks_.retrievePaymentLinkByToken(...args)
  }
  retrievePaymentLink(...args: Parameters<PaymentLinks["retrievePaymentLink"]>) {
    return this.paymentLinks_.retrievePaymentLink(...args)
  }
  listPaymentLinks(...args: Parameters<PaymentLinks["listPaymentLinks"]>) {
    return this.paymentLinks_.listPaymentLinks(...args)
  }
  startPaymentLinkAttempt(...args: Parameters<PaymentLinks["startPaymentLinkAttempt"]>) {
    return this.paymentLinks_.startPaymentLinkAttempt(...args)
  }
  markPaymentLinkPaid(...args: Parameters<PaymentLinks["markPaymentLinkPaid"]>) {
    return this.paymentLinks_.markPaymentLinkPaid(...args)
  }
  reopenPaymentLink(...args: Parameters<PaymentLinks["reopenPaymentLink"]>) {
    return this.paymentLinks_.reopenPaymentLink(...args)
  }
  cancelPaymentLink(...args: Parameters<PaymentLinks["cancelPaymentLink"]>) {
    return this.paymentLinks_.cancelPaymentLink(...args)
  }
  viewPaymentLink(...args: Parameters<PaymentLinks["viewPaymentLink"]>) {
    return this.paymentLinks_.viewPaymentLink(...args)
  }

  // Admin views (services/reports.ts)
  listRecentPosIngestions(...args: Parameters<Reports["listRecentPosIngestions"]>) {
    return this.reports_.listRecentPosIngestions(...args)
  }
  channelReport(...args: Parameters<Reports["channelReport"]>) {
    return this.reports_.channelReport(...args)
  }

  // Reconciliation runs and their differences (services/reconciliations.ts)
  startReconciliation(...args: Parameters<Reconciliations["startReconciliation"]>) {
    return this.reconciliations_.startReconciliation(...args)
  }
  recordReconciliationDifferences(...args: Parameters<Reconciliations["recordReconciliationDifferences"]>) {
    return this.reconciliations_.recordReconciliationDifferences(...args)
  }
  deleteReconciliationDifferences(...args: Parameters<Reconciliations["deleteReconciliationDifferences"]>) {
    return this.reconciliations_.deleteReconciliationDifferences(...args)
  }
  finishReconciliation(...args: Parameters<Reconciliations["finishReconciliation"]>) {
    return this.reconciliations_.finishReconciliation(...args)
  }
  listReconciliations(...args: Parameters<Reconciliations["listReconciliations"]>) {
    return this.reconciliations_.listReconciliations(...args)
  }
  retrieveReconciliation(...args: Parameters<Reconciliations["retrieveReconciliation"]>) {
    return this.reconciliations_.retrieveReconciliation(...args)
  }
  listReconcilableChains(...args: Parameters<Reconciliations["listReconcilableChains"]>) {
    return this.reconciliations_.listReconcilableChains(...args)
  }
  chainTotalsOf(...args: Parameters<Reconciliations["chainTotalsOf"]>) {
    return this.reconciliations_.chainTotalsOf(...args)
  }
  pruneReconciliations(...args: Parameters<Reconciliations["pruneReconciliations"]>) {
    return this.reconciliations_.pruneReconciliations(...args)
  }

  // Health (services/health.ts): the admin's Health section and the metrics gauges
  healthReport(...args: Parameters<Health["healthReport"]>) {
    return this.health_.healthReport(...args)
  }

  /** Metrics switched on (option metrics.enabled), and the bearer token a scrape must carry, if any. */
  get metricsSettings(): { enabled: boolean; token?: string } {
    return { enabled: !!this.options_.metrics?.enabled, token: this.options_.metrics?.token }
  }
}

export default OmnichannelModuleService
