import { MedusaService } from "@medusajs/framework/utils"
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

/**
 * The module's models and the methods Medusa generates for them (listOmnichannelChains,
 * retrieveOmnichannelOperation, ...): the base class of the module's service.
 */
export const OmnichannelModelService = MedusaService({
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
})

export type OmnichannelGeneratedMethods = InstanceType<typeof OmnichannelModelService>
