import type { CardTokens } from "./services/card-tokens"
import type { ChainLedger } from "./services/chain-ledger"
import type { CustomerActivities } from "./services/customer-activity"
import type { Chains } from "./services/chains"
import type { Health } from "./services/health"
import type { IdempotencyRecords } from "./services/idempotency-records"
import type { OfflinePayments } from "./services/offline-payments"
import type { OperationExports } from "./services/operation-exports"
import type { PaymentLinks } from "./services/payment-links"
import type { Reconciliations } from "./services/reconciliations"
import type { Reports } from "./services/reports"
import type { StockMovements } from "./services/stock-movements"
import type { TerminalOutbox } from "./services/terminal-outbox"
import type { Terminals } from "./services/terminals"

/** The module's internal services, under the names Medusa registers them in its container (./services). */
export type InternalServices = {
  cardTokens: CardTokens
  chains: Chains
  chainLedger: ChainLedger
  terminals: Terminals
  idempotencyRecords: IdempotencyRecords
  stockMovements: StockMovements
  terminalOutbox: TerminalOutbox
  paymentLinks: PaymentLinks
  reports: Reports
  reconciliations: Reconciliations
  health: Health
  offlinePayments: OfflinePayments
  customerActivities: CustomerActivities
  operationExports: OperationExports
}

/**
 * Which internal service answers which of the module's public methods. The module service
 * exposes each one unchanged (see forwardMethods), so a concern's code lives in one file.
 */
export const FORWARDED_METHODS = {
  cardTokens: ["tokenizeHostedCard", "tokenizeTerminalCard", "tokenizeTerminalCards", "terminalCardFingerprint"],
  chains: ["openChain", "openChains", "adoptPaymentId", "retrieveChainByPaymentId", "viewChain", "getChainTotals", "verifyCollectCard"],
  // Rules in utils/chain-invariants.ts.
  chainLedger: ["beginOperation", "checkOperation", "awaitCustomer", "settleOperation", "noteMedusaPayment", "recordTillPayments", "noteMedusaPayments"],
  terminals: ["createTerminal", "rotateTerminalSecret", "deactivateTerminal", "activeTerminalSecret", "updateTerminal", "offlineLimitFlags"],
  idempotencyRecords: ["claimIdempotencyKey", "completeIdempotencyKey", "releaseIdempotencyKey", "claimIdempotencyKeys", "completeIdempotencyKeys", "releaseIdempotencyKeys"],
  stockMovements: ["recordStockMovements", "latestAppliedCounts", "markStockMovementsApplied", "listOpenStockDiscrepancies"],
  terminalOutbox: ["enqueueTerminalNotifications", "claimDueDeliveries", "releaseDeliveries", "recordDeliveryAttempt", "webhookTarget"],
  paymentLinks: [
    "createPaymentLink", "retrievePaymentLinkByToken", "retrievePaymentLink", "listPaymentLinks", "startPaymentLinkAttempt",
    "markPaymentLinkPaid", "reopenPaymentLink", "cancelPaymentLink", "viewPaymentLink",
  ],
  // The admin's views.
  reports: ["listRecentPosIngestions", "channelReport"],
  reconciliations: [
    "startReconciliation", "recordReconciliationDifferences", "deleteReconciliationDifferences", "finishReconciliation",
    "listReconciliations", "retrieveReconciliation", "listReconcilableChains", "chainTotalsOf", "pruneReconciliations",
  ],
  // The admin's Health section (the metrics gauges read it too).
  health: ["healthReport"],
  // The admin's offline till payments (DESIGN 7.2).
  offlinePayments: ["listOfflinePayments", "offlineDeclineOfLink"],
  // One customer across channels (DESIGN 7.3).
  customerActivities: ["customerActivity"],
  // Operations exported page by page (CSV, DESIGN 7.3).
  operationExports: ["listOperationExportPage", "operationExportPages"],
} as const satisfies { [K in keyof InternalServices]?: readonly (keyof InternalServices[K])[] }

type Forwarded<K extends keyof typeof FORWARDED_METHODS> = Pick<InternalServices[K], Extract<(typeof FORWARDED_METHODS)[K][number], keyof InternalServices[K]>>

/** Every forwarded method, with the signature of the internal service's own. */
export type ForwardedMethods = Forwarded<"cardTokens"> &
  Forwarded<"chains"> &
  Forwarded<"chainLedger"> &
  Forwarded<"terminals"> &
  Forwarded<"idempotencyRecords"> &
  Forwarded<"stockMovements"> &
  Forwarded<"terminalOutbox"> &
  Forwarded<"paymentLinks"> &
  Forwarded<"reports"> &
  Forwarded<"reconciliations"> &
  Forwarded<"health"> &
  Forwarded<"offlinePayments"> &
  Forwarded<"customerActivities"> &
  Forwarded<"operationExports">

/**
 * Puts each forwarded method on the module service's prototype: it calls the internal
 * service the instance keeps in `internal_` (resolved once, in its constructor).
 */
export function forwardMethods(prototype: object) {
  for (const [service, methods] of Object.entries(FORWARDED_METHODS)) {
    for (const method of methods) {
      Object.defineProperty(prototype, method, {
        configurable: true,
        writable: true,
        value(this: { internal_: Record<string, Record<string, (...args: unknown[]) => unknown>> }, ...args: unknown[]) {
          return this.internal_[service][method](...args)
        },
      })
    }
  }
}

/** The internal services a module service instance forwards to, from its container. */
export function internalServicesOf(container: Record<string, any>): InternalServices {
  const services = {} as Record<string, unknown>
  for (const name of Object.keys(FORWARDED_METHODS)) services[name] = container[name]
  return services as InternalServices
}
