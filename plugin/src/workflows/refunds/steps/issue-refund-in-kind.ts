import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { Modules } from "@medusajs/framework/utils"
import { OmnichannelError } from "../../../errors/omnichannel-error"
import type { ChainDTO } from "../../../modules/omnichannel/service"
import type { PaymentMethod } from "../../../modules/omnichannel/types"
import {
  customerAccount,
  issueGiftCard,
  moveStoredValue,
  REFUND_REFERENCE,
  undoStoredValueMoves,
  withdrawGiftCard,
} from "../../../tenders/stored-value"

/** What a refund gave in kind besides cash: the new gift card, or the credit on the customer's account. */
export type RefundInKind = {
  gift_card?: { id: string; code: string; amount: number; currency_code: string }
  store_credit?: { account_id: string; transaction_id: string; amount: number; balance: number; currency_code: string }
}

type Undo = { gift_card_id?: string; transaction_id?: string }

/**
 * The value of a refund to store credit or a gift card, made before the refund is recorded
 * (the chain is locked and the refund already checked), and taken back if recording fails.
 * Once per refund key: a retried refund finds what it made.
 */
export const issueRefundInKindStep = createStep(
  "omnichannel-issue-refund-in-kind",
  async (
    input: { chain: ChainDTO; order_id: string | null; method: PaymentMethod; amount: number; idempotency_key: string; note?: string | null },
    { container }
  ) => {
    const currency = input.chain.currency_code
    if (input.method !== "store_credit" && input.method !== "gift_card") {
      return new StepResponse<RefundInKind, Undo>({}, {})
    }
    const orderId = input.order_id
    const order = orderId ? await container.resolve(Modules.ORDER).retrieveOrder(orderId, { select: ["id", "customer_id"] }) : null
    if (input.method === "gift_card") {
      const card = await issueGiftCard(
        container,
        { amount: input.amount, currency_code: currency, reference_id: input.idempotency_key, customer_id: order?.customer_id, note: input.note },
        "method"
      )
      return new StepResponse<RefundInKind, Undo>(
        { gift_card: { id: card.gift_card_id, code: card.code, amount: input.amount, currency_code: currency } },
        card.issued ? { gift_card_id: card.gift_card_id } : {}
      )
    }
    if (!order?.customer_id) {
      throw new OmnichannelError("OPERATION_NOT_ALLOWED", "method: store credit needs a customer on the order; refund to a gift card instead", "method")
    }
    const account = (await customerAccount(container, order.customer_id, currency, "method", { create: true }))!
    const moved = await moveStoredValue(
      container,
      "credit",
      { account_id: account.account_id, amount: input.amount, currency_code: currency, reference: REFUND_REFERENCE, reference_id: input.idempotency_key, note: input.note ?? undefined },
      "method"
    )
    const after = (await customerAccount(container, order.customer_id, currency, "method"))!
    return new StepResponse<RefundInKind, Undo>(
      {
        store_credit: { account_id: account.account_id, transaction_id: moved.transaction_id, amount: input.amount, balance: after.balance, currency_code: currency },
      },
      moved.moved ? { transaction_id: moved.transaction_id } : {}
    )
  },
  async (undo, { container }) => {
    if (undo?.gift_card_id) await withdrawGiftCard(container, undo.gift_card_id)
    if (undo?.transaction_id) await undoStoredValueMoves(container, [undo.transaction_id])
  }
)
