import type { MedusaContainer } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { refundPaymentWorkflow } from "@medusajs/medusa/core-flows"
import { toMajor } from "../../../money"
import { OMNICHANNEL_MODULE } from "../../../modules/omnichannel"
import type { ChainDTO, IOmnichannelModuleService, OperationDTO } from "../../../modules/omnichannel/service"
import type { RefundMetadata, RefundOrigin } from "../../../modules/omnichannel/money/types"
import { recordRefundOnOrderLines } from "../refund-credit-lines"
import type { RefundAllocation } from "./plan-chain-refund"

export type { RefundMetadata, RefundOrigin } from "../../../modules/omnichannel/money/types"
export { refundOperation } from "../../../modules/omnichannel/money/chain-money"

/**
 * Moves the money. Through Medusa's refund workflow where the allocation names a Medusa
 * payment (Medusa records the refund and the order transaction, our provider moves it on
 * the chain and at the acquirer), or on the chain alone. No compensation: money that reached the customer's
 * card stays refunded and recorded; the next allocation's failure is reported as is.
 */
export const refundChainAllocationsStep = createStep(
  "omnichannel-refund-chain-allocations",
  async (input: { chain: ChainDTO; order_id: string | null; plan: RefundAllocation[]; origin: RefundOrigin }, { container }) => {
    const ledger = container.resolve<IOmnichannelModuleService>(OMNICHANNEL_MODULE)
    const done: OperationDTO[] = []
    for (const [i, part] of input.plan.entries()) {
      const suffix = i === 0 ? "" : `#${i + 1}`
      const origin: RefundOrigin = {
        ...input.origin,
        reference: input.origin.reference + suffix,
        idempotency_key: input.origin.idempotency_key + suffix,
      }
      if (part.medusa_payment_id) {
        await refundThroughMedusa(container, input.chain, input.order_id, { amount: part.amount, medusa_payment_id: part.medusa_payment_id }, origin)
      } else {
        // Not a refund of one of the order's payments: Medusa records it as credit lines, written
        // before the chain counts it (an order Medusa will not change now refuses it, nothing moved).
        if (origin.method && origin.method !== "card" && input.order_id) {
          await recordRefundOnOrderLines(container, {
            order_id: input.order_id,
            amount: part.amount,
            currency_code: input.chain.currency_code,
            method: origin.method,
            idempotency_key: origin.idempotency_key,
            reference_id: origin.in_kind?.gift_card_id ?? origin.in_kind?.store_credit_account_id ?? null,
            created_by: origin.actor_id ?? origin.terminal_id ?? null,
          })
        }
        await ledger.refund({ chain_id: input.chain.id, amount: part.amount, origin })
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

/**
 * Medusa's own refund flow, so the order gets its transaction (and credit line) as for any
 * refund; its refund step hands `metadata` on to the refund row, and our provider moves the
 * money on the chain and at the acquirer. Medusa writes its refund row before it calls the
 * provider, so a run cut short (its instance died) can leave that row behind: a retry that
 * finds the chain's refund done only completes the order's transaction; one that finds it
 * not done removes the stray row and runs the flow again (the provider resumes the
 * operation under the same key, so the acquirer is not asked twice).
 */
async function refundThroughMedusa(
  container: MedusaContainer,
  chain: ChainDTO,
  orderId: string | null,
  part: { amount: number; medusa_payment_id: string },
  origin: RefundOrigin
) {
  const payments = container.resolve(Modules.PAYMENT)
  const ledger = container.resolve<IOmnichannelModuleService>(OMNICHANNEL_MODULE)
  if (orderId) await confirmStrandedCreditLines(container, orderId)
  const earlier = (await payments.listRefunds({ payment_id: part.medusa_payment_id })).filter(
    (r) => (r as { metadata?: RefundMetadata | null }).metadata?.omnichannel?.idempotency_key === origin.idempotency_key
  )
  if (earlier.length) {
    const [op] = await ledger.listOmnichannelOperations({ chain_id: chain.id, type: "refund", idempotency_key: origin.idempotency_key })
    if (op?.status === "succeeded") {
      if (orderId) await addMissingRefundTransaction(container, orderId, chain, earlier[0].id, part.amount)
      return
    }
    await payments.deleteRefunds(earlier.map((r) => r.id))
  }
  await refundPaymentWorkflow(container).run({
    input: {
      payment_id: part.medusa_payment_id,
      amount: toMajor(part.amount, chain.currency_code),
      created_by: origin.actor_id ?? undefined,
      note: origin.note ?? undefined,
      metadata: { omnichannel: origin } satisfies RefundMetadata,
    } as Parameters<ReturnType<typeof refundPaymentWorkflow>["run"]>[0] extends { input?: infer I } ? I : never,
  })
}

async function addMissingRefundTransaction(container: MedusaContainer, orderId: string, chain: ChainDTO, refundId: string, amount: number) {
  const orders = container.resolve(Modules.ORDER)
  if ((await orders.listOrderTransactions({ order_id: orderId, reference_id: refundId })).length) return
  await orders.addOrderTransactions({
    order_id: orderId,
    amount: -toMajor(amount, chain.currency_code),
    currency_code: chain.currency_code.toLowerCase(),
    reference: "refund",
    reference_id: refundId,
  })
}

/**
 * Medusa's refund flow ends by adding a credit line through an order change it confirms
 * at once. A run cut short between the two leaves the change pending, and Medusa then
 * refuses every later change to the order ("already has an existing active order
 * change"): we confirm it, as the flow would have. We hold the chain's lock, so no refund
 * of ours is between those two steps now.
 */
async function confirmStrandedCreditLines(container: MedusaContainer, orderId: string) {
  const orders = container.resolve(Modules.ORDER)
  const stranded = await orders.listOrderChanges({ order_id: orderId, change_type: "credit_line", status: "pending" } as never, { relations: ["actions"] })
  // One of our own refunds' credit-line changes left empty by a dead run: canceled, its retry makes it again.
  const empty = stranded.filter((c) => c.metadata?.omnichannel_refund_key && !c.actions?.length)
  for (const change of empty) await orders.cancelOrderChange(change.id)
  const toConfirm = stranded.filter((c) => !empty.includes(c))
  if (toConfirm.length) await orders.confirmOrderChange(toConfirm.map((c) => ({ id: c.id, confirmed_by: "medusa-plugin-omnichannel" })) as never)
}
