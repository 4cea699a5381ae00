import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { OmnichannelError } from "../../../errors/omnichannel-error"
import { orderOwed } from "../../common/order-outstanding"
import { customerAccount, customerIdByEmail, earlierMove, giftCardAccount, maskCode, type StoredValueAccount } from "../../../tenders/stored-value"
import { SALE_TENDER_REFERENCE, saleTenderReference } from "./redeem-stored-value"
import type { PosSaleInput, SaleTarget, SaleTender } from "../types"

/**
 * Refuses, before anything is written, a sale its tenders cannot pay: more paid than the
 * basket (and what the order still owed) comes to, an unknown or expired gift card, a gift
 * card or store credit without the balance. Returns the accounts the stored value comes from.
 */
export const checkSaleTendersStep = createStep(
  "omnichannel-check-sale-tenders",
  async (
    input: { sale: Pick<PosSaleInput, "sale_id" | "terminal" | "items" | "payments" | "customer" | "currency_code">; target: SaleTarget },
    { container }
  ) => {
    const { sale, target } = input
    const currency = target.currency_code
    const basket = sale.items.reduce((s, i) => s + i.quantity * i.unit_price, 0)
    const paying = sale.payments.reduce((s, p) => s + p.amount, 0)
    // What the order owes matters only to payments beyond this basket (most sales pay just their lines).
    const owed = paying > basket && target.order_id ? await orderOwed(container, target.order_id, currency) : 0
    if (paying > basket + owed) {
      throw new OmnichannelError(
        "PAYMENTS_EXCEED_TOTAL",
        `payments: ${paying} paid exceeds the ${basket + owed} due${owed ? ` (${basket} for these items, ${owed} still owed on the order)` : ""}; send cash as kept, with tendered and change`,
        "payments"
      )
    }

    const tenders: SaleTender[] = []
    const drawn = new Map<string, number>()
    // A retry of this sale (its instance died after the debit) already took its amount.
    const alreadyTaken = async (accountId: string, i: number) =>
      !!(await earlierMove(container, accountId, SALE_TENDER_REFERENCE, saleTenderReference(sale, i)))
    for (const [i, payment] of sale.payments.entries()) {
      if (payment.method !== "gift_card" && payment.method !== "store_credit") continue
      const field = `payments.${i}`
      let account: StoredValueAccount | null
      let refusal: (total: number) => OmnichannelError
      if (payment.method === "gift_card") {
        account = await giftCardAccount(container, payment.code, currency, `${field}.code`)
        const holds = account.balance
        refusal = (total) =>
          new OmnichannelError("GIFT_CARD_INSUFFICIENT", `${field}.amount: gift card ${maskCode(payment.code)} holds ${holds}, not ${total}`, `${field}.amount`)
      } else {
        const customerId = await customerIdByEmail(container, sale.customer!.email)
        account = customerId ? await customerAccount(container, customerId, currency, field) : null
        const holds = account?.balance ?? 0
        refusal = (total) =>
          new OmnichannelError("STORE_CREDIT_INSUFFICIENT", `${field}.amount: the customer's store credit is ${holds} ${currency}, not ${total}`, `${field}.amount`)
      }
      const total = (account ? (drawn.get(account.account_id) ?? 0) : 0) + payment.amount
      if (!account || (total > account.balance && !(await alreadyTaken(account.account_id, i)))) throw refusal(total)
      drawn.set(account.account_id, total)
      tenders.push({ index: i, account_id: account.account_id, gift_card_id: account.gift_card_id })
    }
    return new StepResponse(tenders)
  }
)
