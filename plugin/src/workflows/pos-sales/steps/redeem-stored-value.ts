import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { moveStoredValue, undoStoredValueMoves } from "../../../tenders/stored-value"
import type { PosSaleInput, SaleTender } from "../types"

export const SALE_TENDER_REFERENCE = "omnichannel_pos_sale"

/** The reference a till debit carries in the store-credit ledger: one per payment of a sale. */
export const saleTenderReference = (sale: Pick<PosSaleInput, "sale_id" | "terminal">, index: number) =>
  `${sale.terminal.id}:${sale.sale_id}:${index}`

/**
 * Takes the sale's gift-card and store-credit amounts from their accounts, each once (a
 * retried sale finds its debits). Undone if anything after it fails, so a refused sale
 * leaves the balances as they were.
 */
export const redeemStoredValueStep = createStep(
  "omnichannel-redeem-stored-value",
  async (input: { sale: Pick<PosSaleInput, "sale_id" | "terminal" | "payments" | "currency_code">; tenders: SaleTender[] }, { container }) => {
    const moved: string[] = []
    const transactions: Record<number, string> = {}
    try {
      for (const tender of input.tenders) {
        const payment = input.sale.payments[tender.index]
        const result = await moveStoredValue(
          container,
          "debit",
          {
            account_id: tender.account_id,
            amount: payment.amount,
            currency_code: input.sale.currency_code,
            reference: SALE_TENDER_REFERENCE,
            reference_id: saleTenderReference(input.sale, tender.index),
            note: `Till sale ${input.sale.sale_id}`,
          },
          `payments.${tender.index}.amount`,
          payment.method === "store_credit" ? "STORE_CREDIT_INSUFFICIENT" : "GIFT_CARD_INSUFFICIENT"
        )
        transactions[tender.index] = result.transaction_id
        if (result.moved) moved.push(result.transaction_id)
      }
    } catch (err) {
      await undoStoredValueMoves(container, moved)
      throw err
    }
    return new StepResponse(transactions, moved)
  },
  async (moved, { container }) => {
    if (moved) await undoStoredValueMoves(container, moved)
  }
)
