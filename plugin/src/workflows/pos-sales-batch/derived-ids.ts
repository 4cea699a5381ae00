import { createHash } from "crypto"
import type { PublicTerminal } from "../../modules/omnichannel/service"
import { saleOperationKey } from "../pos-sales/sale-payment-fields"

/**
 * Ids a batch gives what it writes for a sale, derived from the sale's idempotency key
 * (terminal and sale id): a run cut short and sent again finds what it wrote and writes only
 * the rest. 26 characters, like Medusa's own ids, under each model's prefix.
 */
function derived(prefix: string, seed: string): string {
  return `${prefix}_${createHash("sha256").update(seed).digest("hex").slice(0, 26).toUpperCase()}`
}

type SaleRef = { sale_id: string; terminal: Pick<PublicTerminal, "id"> }

export const saleOrderId = (sale: SaleRef) => derived("order", `order:${sale.terminal.id}:${sale.sale_id}`)
export const saleChainId = (sale: SaleRef) => derived("ochain", `chain:${sale.terminal.id}:${sale.sale_id}`)
/** The Medusa payment records of the operation derive from its id in turn (record-operation-on-order.ts). */
export const saleOperationId = (sale: SaleRef, index: number) => derived("oop", `operation:${saleOperationKey(sale as never, index)}`)
