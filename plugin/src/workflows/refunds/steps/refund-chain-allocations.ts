import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { refundPaymentWorkflow } from "@medusajs/medusa/core-flows"
import { acquirerKeys, firstPaymentReference, runOnChain } from "../../../chain-payments/run-on-chain"
import { toMajor } from "../../../money"
import { OMNICHANNEL_MODULE } from "../../../modules/omnichannel"
import type OmnichannelModuleService from "../../../modules/omnichannel/service"
import type { ChainDTO, OperationDTO } from "../../../modules/omnichannel/service"
import type { Channel } from "../../../modules/omnichannel/types"
import type { RefundAllocation } from "./plan-chain-refund"

export type RefundOrigin = {
  reference: string
  idempotency_key: string
  channel: Channel
  actor_id?: string | null
  terminal_id?: string | null
  stock_location_id?: string | null
  note?: string | null
}

/** What the provider reads back from a Medusa refund to record it on the chain as asked. */
export type RefundMetadata = { omnichannel: RefundOrigin }

/**
 * Moves the money. Through Medusa's refund workflow where the allocation names a Medusa
 * payment (Medusa records the refund and the order transaction, our provider moves it on
 * the chain and at the acquirer), or on the chain alone. No compensation: money that reached the customer's
 * card stays refunded and recorded; the next allocation's failure is reported as is.
 */
export const refundChainAllocationsStep = createStep(
  "omnichannel-refund-chain-allocations",
  async (input: { chain: ChainDTO; plan: RefundAllocation[]; origin: RefundOrigin }, { container }) => {
    const ledger = container.resolve<OmnichannelModuleService>(OMNICHANNEL_MODULE)
    const done: OperationDTO[] = []
    for (const [i, part] of input.plan.entries()) {
      const suffix = i === 0 ? "" : `#${i + 1}`
      const origin: RefundOrigin = {
        ...input.origin,
        reference: input.origin.reference + suffix,
        idempotency_key: input.origin.idempotency_key + suffix,
      }
      if (part.medusa_payment_id) {
        // Medusa's own refund flow, so the order gets its transaction (and credit line) as
        // for any refund; its refund step hands `metadata` on to the refund row.
        await refundPaymentWorkflow(container).run({
          input: {
            payment_id: part.medusa_payment_id,
            amount: toMajor(part.amount, input.chain.currency_code),
            created_by: origin.actor_id ?? undefined,
            note: origin.note ?? undefined,
            metadata: { omnichannel: origin } satisfies RefundMetadata,
          } as Parameters<ReturnType<typeof refundPaymentWorkflow>["run"]>[0] extends { input?: infer I } ? I : never,
        })
      } else {
        const firstReference = await firstPaymentReference(ledger, input.chain.id)
        await runOnChain(
          ledger,
          input.chain.id,
          { type: "refund", amount: part.amount, currency_code: input.chain.currency_code, ...origin },
          (op) =>
            ledger.acquirer.refund({
              reference: firstReference ?? input.chain.payment_id,
              amount: part.amount,
              currency_code: input.chain.currency_code,
              ...acquirerKeys(op),
            })
        )
      }
      const [op] = await ledger.listOmnichannelOperations({
        chain_id: input.chain.id,
        type: "refund",
        reference: origin.reference,
        status: "succeeded",
      })
      done.push(op)
    }
    return new StepResponse(done)
  }
)
