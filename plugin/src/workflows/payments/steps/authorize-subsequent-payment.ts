import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { acquirerKeys, runOnChain } from "../../../chain-payments/run-on-chain"
import { OmnichannelError } from "../../../errors/omnichannel-error"
import { OMNICHANNEL_MODULE } from "../../../modules/omnichannel"
import type OmnichannelModuleService from "../../../modules/omnichannel/service"
import type { ChainDTO, OperationDTO } from "../../../modules/omnichannel/service"
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
 * file). Refused with COF_CONSENT_MISSING when that first payment carried no consent.
 * Compensation gives the money back: a cancel for an authorization, a refund for a SALE.
 */
export const authorizeSubsequentPaymentStep = createStep(
  "omnichannel-authorize-subsequent-payment",
  async (input: SubsequentPaymentInput, { container }) => {
    const ledger = container.resolve<OmnichannelModuleService>(OMNICHANNEL_MODULE)
    const operations = await ledger.listOmnichannelOperations(
      { chain_id: input.chain.id },
      { order: { created_at: "ASC", id: "ASC" } }
    )
    const first = operations.find((o) => (o.type === "payment" || o.type === "authorization") && o.status === "succeeded")
    if (!input.chain.cof_consent || !first?.cof_requestor) {
      throw new OmnichannelError(
        "COF_CONSENT_MISSING",
        `payment_id: the first payment of ${input.chain.payment_id} was made without consent to keep the card`,
        "payment_id"
      )
    }
    const cof = { requestor: "merchantInitiated", sequence: "subsequent" } as const
    const op = await runOnChain(
      ledger,
      input.chain.id,
      {
        type: input.authorization_mode === "SALE" ? "payment" : "authorization",
        channel: "online",
        amount: input.amount,
        currency_code: input.chain.currency_code,
        authorization_mode: input.authorization_mode,
        idempotency_key: input.idempotency_key,
        actor_id: input.actor_id ?? null,
        cof_requestor: cof.requestor,
        cof_sequence: cof.sequence,
        parent_operation_id: first.id,
      },
      (pending) =>
        ledger.acquirer.authorize({
          payment_id: input.chain.payment_id,
          amount: input.amount,
          currency_code: input.chain.currency_code,
          mode: input.authorization_mode,
          ...acquirerKeys(pending),
          initial_reference: first.acquirer_reference!,
          cof,
        })
    )
    return new StepResponse(op, op)
  },
  async (op: OperationDTO | undefined, { container }) => {
    if (!op || op.status !== "succeeded") return
    const ledger = container.resolve<OmnichannelModuleService>(OMNICHANNEL_MODULE)
    const key = `compensate:${op.id}`
    if (op.type === "authorization") {
      await runOnChain(
        ledger,
        op.chain_id,
        { type: "cancel", channel: op.channel as "online", amount: op.amount, currency_code: op.currency_code, parent_operation_id: op.id, idempotency_key: key },
        (undo) => ledger.acquirer.cancel({ reference: op.acquirer_reference!, amount: op.amount, currency_code: op.currency_code, ...acquirerKeys(undo) })
      )
    } else {
      await runOnChain(
        ledger,
        op.chain_id,
        { type: "refund", channel: op.channel as "online", amount: op.amount, currency_code: op.currency_code, reference: key, idempotency_key: key, note: "undo of a subsequent payment that could not be recorded on the order" },
        (undo) => ledger.acquirer.refund({ reference: op.acquirer_reference!, amount: op.amount, currency_code: op.currency_code, ...acquirerKeys(undo) })
      )
    }
  }
)
