import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { AcquirerError } from "../../../acquirers/types"
import { cancelUnfinishedPayment, settleFromAcquirer } from "../../../chain-payments/run-on-chain"
import { OMNICHANNEL_MODULE } from "../../../modules/omnichannel"
import type OmnichannelModuleService from "../../../modules/omnichannel/service"
import type { OperationDTO } from "../../../modules/omnichannel/service"

export type SettlePaymentInput = { operation_id: string; abandon_before?: string | null }

/**
 * Asks the acquirer how a pending first payment ended (3-D Secure the customer finished,
 * or not, after leaving; an answer lost in an outage) and settles it on the chain. One
 * still waiting, or that the acquirer cannot tell us about, past `abandon_before` is
 * cancelled at the acquirer and settled as failed, so it cannot wait forever.
 * No compensation: a settlement records what the acquirer already did.
 */
export const settlePaymentFromAcquirerStep = createStep(
  "omnichannel-settle-payment-from-acquirer",
  async (input: SettlePaymentInput, { container }) => {
    const ledger = container.resolve<OmnichannelModuleService>(OMNICHANNEL_MODULE)
    let op = await ledger.retrieveOmnichannelOperation(input.operation_id)
    op = await settleFromAcquirer(ledger, op).catch((err) => {
      if (isRetryable(err)) return op
      throw err
    })
    if (op.status !== "pending" || !input.abandon_before || op.created_at > new Date(input.abandon_before)) {
      return new StepResponse<OperationDTO>(op)
    }
    const why = "the customer never finished 3-D Secure; the payment was cancelled"
    try {
      return new StepResponse<OperationDTO>(await cancelUnfinishedPayment(ledger, op, why))
    } catch (err) {
      // Still no answer: try again on the next run. A refusal means there is nothing left to cancel.
      if (isRetryable(err) || !(err instanceof AcquirerError)) return new StepResponse<OperationDTO>(op)
    }
    return new StepResponse<OperationDTO>(await ledger.settleOperation(op.id, { status: "failed", error_code: "PAYMENT_DECLINED", error_message: why }))
  }
)

const isRetryable = (err: unknown) => err instanceof AcquirerError && err.kind === "retryable"
