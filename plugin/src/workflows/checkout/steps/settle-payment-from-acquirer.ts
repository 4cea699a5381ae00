import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { settleFromAcquirer } from "../../../chain-payments/run-on-chain"
import { OMNICHANNEL_MODULE } from "../../../modules/omnichannel"
import type OmnichannelModuleService from "../../../modules/omnichannel/service"
import type { OperationDTO } from "../../../modules/omnichannel/service"

export type SettlePaymentInput = { operation_id: string; abandon_before?: string | null }

/**
 * Asks the acquirer how a pending first payment ended (3-D Secure the customer finished,
 * or not, after leaving; an answer lost in an outage) and settles it on the chain. One
 * still waiting past `abandon_before` is cancelled at the acquirer and settled as failed.
 * No compensation: a settlement records what the acquirer already did.
 */
export const settlePaymentFromAcquirerStep = createStep(
  "omnichannel-settle-payment-from-acquirer",
  async (input: SettlePaymentInput, { container }) => {
    const ledger = container.resolve<OmnichannelModuleService>(OMNICHANNEL_MODULE)
    const op = await settleFromAcquirer(ledger, await ledger.retrieveOmnichannelOperation(input.operation_id))
    if (op.status !== "pending" || !input.abandon_before || op.created_at > new Date(input.abandon_before)) {
      return new StepResponse<OperationDTO>(op)
    }
    await ledger.acquirer.cancel({
      reference: op.acquirer_reference!,
      currency_code: op.currency_code,
      idempotency_key: `abandon:${op.id}`,
      operation_id: op.id,
    })
    return new StepResponse<OperationDTO>(
      await ledger.settleOperation(op.id, {
        status: "failed",
        error_code: "PAYMENT_DECLINED",
        error_message: "the customer never finished 3-D Secure; the payment was cancelled",
      })
    )
  }
)
