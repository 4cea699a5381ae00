import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { OMNICHANNEL_MODULE } from "../../../modules/omnichannel"
import type { IOmnichannelModuleService } from "../../../modules/omnichannel/service"
import type { ChainDTO } from "../../../modules/omnichannel/service"
import type { Channel } from "../../../modules/omnichannel/types"

export type ChainPaymentInput = {
  chain: ChainDTO
  amount: number
  channel: Channel
  idempotency_key: string
  acquirer_reference?: string | null
  terminal_id?: string | null
  stock_location_id?: string | null
}

/**
 * A payment that already happened elsewhere (a card paid at the till): recorded on the
 * chain as succeeded, no acquirer call. Compensation removes it again.
 */
export const recordPaymentOnChainStep = createStep(
  "omnichannel-record-payment-on-chain",
  async (input: ChainPaymentInput, { container }) => {
    const ledger = container.resolve<IOmnichannelModuleService>(OMNICHANNEL_MODULE)
    const existing = await ledger.listOmnichannelOperations({ chain_id: input.chain.id, idempotency_key: input.idempotency_key })
    const op = await ledger.beginOperation(input.chain.id, {
      type: "payment",
      authorization_mode: "SALE",
      status: "succeeded",
      channel: input.channel,
      amount: input.amount,
      currency_code: input.chain.currency_code,
      idempotency_key: input.idempotency_key,
      acquirer_reference: input.acquirer_reference ?? null,
      terminal_id: input.terminal_id ?? null,
      stock_location_id: input.stock_location_id ?? null,
    })
    // A replay of an earlier call created nothing, so there is nothing to undo.
    return new StepResponse(op, existing.length ? null : op.id)
  },
  async (createdId, { container }) => {
    if (!createdId) return
    await container.resolve<IOmnichannelModuleService>(OMNICHANNEL_MODULE).softDeleteOmnichannelOperations([createdId])
  }
)
