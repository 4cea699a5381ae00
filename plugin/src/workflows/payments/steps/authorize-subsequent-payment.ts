import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { OMNICHANNEL_MODULE } from "../../../modules/omnichannel"
import type { ChainDTO, IOmnichannelModuleService, OperationDTO } from "../../../modules/omnichannel/service"
import type { AuthorizationMode } from "../../../modules/omnichannel/types"

export type SubsequentPaymentInput = {
  chain: ChainDTO
  amount: number
  authorization_mode: AuthorizationMode
  idempotency_key: string
  actor_id?: string | null
}

/**
 * Charges the card of the chain's first payment again (merchant-initiated, credentials on
 * file; refused with COF_CONSENT_MISSING without the first payment's consent).
 * Compensation gives the money back: a cancel for an authorization, a refund for a SALE.
 */
export const authorizeSubsequentPaymentStep = createStep(
  "omnichannel-authorize-subsequent-payment",
  async ({ chain, ...input }: SubsequentPaymentInput, { container }) => {
    const op = await container.resolve<IOmnichannelModuleService>(OMNICHANNEL_MODULE).chargeSubsequent({ chain_id: chain.id, ...input })
    return new StepResponse(op, op)
  },
  async (op: OperationDTO | undefined, { container }) => {
    // Only what had succeeded when this step ran: one still pending then is the settle job's.
    if (!op || op.status !== "succeeded") return
    await container
      .resolve<IOmnichannelModuleService>(OMNICHANNEL_MODULE)
      .undoPayment({ operation_id: op.id, note: "undo of a subsequent payment that could not be recorded on the order" })
  }
)
