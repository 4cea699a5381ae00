import type { PosSalePayment } from "../pos-client/client"
import { maskCode } from "../tenders/stored-value"
import type { ReceiptPayment } from "./templates"

/**
 * A sale's tenders as its receipt shows them, built where the sale is ingested (the event
 * carries them): a card by brand and last 4 only, a gift card by its masked code.
 */
export function receiptPayments(payments: PosSalePayment[]): ReceiptPayment[] {
  return payments.map((p): ReceiptPayment => {
    switch (p.method) {
      case "card":
        return { method: "card", amount: p.amount, card: p.card ? { brand: p.card.brand ?? null, last4: p.card.last4 } : null }
      case "cash":
        return { method: "cash", amount: p.amount, tendered: p.tendered ?? null, change: p.change ?? null }
      case "gift_card":
        return { method: "gift_card", amount: p.amount, code: maskCode(p.code) }
      case "store_credit":
        return { method: "store_credit", amount: p.amount }
      case "external":
        return { method: "external", amount: p.amount, label: p.label }
    }
  })
}
