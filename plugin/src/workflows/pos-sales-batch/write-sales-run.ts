import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { emitEventStep } from "@medusajs/medusa/core-flows"
import { receiptPayments } from "../../notifications/receipt"
import type { ChainDTO, OperationDTO } from "../../modules/omnichannel/service"
import type { StockMovementInput } from "../../modules/omnichannel/types"
import { recordStockMovementsStep } from "../inventory/steps/record-stock-movements"
import { POS_SALE_INGESTED } from "../pos-sales/ingest-pos-sale"
import { salePaymentOperation } from "../pos-sales/sale-payment-fields"
import type { PosSaleInput } from "../pos-sales/types"
import { saleChainId, saleOperationId, saleOrderId } from "./derived-ids"
import { applyBatchStockStep } from "./steps/apply-batch-stock"
import { cardTokensOfSalesStep, saleCard } from "./steps/card-tokens-of-sales"
import { createSaleOrdersStep } from "./steps/create-sale-orders"
import { customersOfSalesStep } from "./steps/customers-of-sales"
import { openSaleChainsStep } from "./steps/open-sale-chains"
import { planSalesRunStep } from "./steps/plan-sales-run"
import { recordPaymentsOnOrdersStep } from "./steps/record-payments-on-orders"
import { recognizeSaleCustomersStep } from "./steps/recognize-sale-customers"
import { recordTillPaymentsStep } from "./steps/record-till-payments"
import type { PlannedSale, RefusedSale, SaleToken } from "./types"

/** What the single route answers for a sale it took (its 201 body). */
export type SaleAnswer = {
  order_id: string
  payment_id: string
  crm_token: string | null
  customer_recognized_by: "card" | null
  operations: OperationDTO[]
  reservations: never[]
}

/**
 * A run of new in-store sales (no order or chain to merge into, every line handed over,
 * paid by card, cash or another provider), written in bulk: each kind of record in one call
 * for the whole run, in the order the sales happened, under ids derived from the sales so a
 * run cut short and sent again writes only what is missing. Each sale ends as the
 * single-sale workflow leaves it (order, chain linked to it, payments on the chain and in
 * the order, stock leaving the shop, `omnichannel.pos_sale.ingested`), and gets the same
 * answer. Sales refused by the checks are returned apart; nothing of them is written.
 */
export const writePosSalesRunWorkflow = createWorkflow("omnichannel-write-pos-sales-run", (input: { sales: PosSaleInput[] }) => {
  const plan = planSalesRunStep(input)
  const customerIds = customersOfSalesStep(
    transform({ plan }, ({ plan }) => ({ customers: plan.planned.flatMap((p) => (p.sale.customer ? [p.sale.customer] : [])) }))
  )
  const tokens = cardTokensOfSalesStep(transform({ plan }, ({ plan }) => ({ cards: plan.planned.map((p) => saleCard(p.sale.payments)) })))
  const recognized = recognizeSaleCustomersStep(
    transform({ plan, tokens }, ({ plan, tokens }) => ({ sales: plan.planned.map((p, n) => ({ has_customer: !!p.sale.customer, token: tokens[n] })) }))
  )
  createSaleOrdersStep(
    transform({ plan, customerIds, recognized }, ({ plan, customerIds, recognized }) => ({
      orders: plan.planned.map((p, n) => {
        const email = p.sale.customer?.email?.toLowerCase()
        if (!email && recognized[n]) return { ...p, order_id: saleOrderId(p.sale), email: recognized[n].email ?? undefined, customer_id: recognized[n].customer_id }
        return { ...p, order_id: saleOrderId(p.sale), email, customer_id: email ? customerIds[email] : undefined }
      }),
    }))
  )
  const chains = openSaleChainsStep(
    transform({ plan, tokens }, ({ plan, tokens }) => ({
      chains: plan.planned.map((p, n) => ({
        id: saleChainId(p.sale),
        order_id: saleOrderId(p.sale),
        currency_code: p.currency_code,
        card_token_id: tokens[n]?.id ?? null,
        // A card the plugin cannot recognise (no offline token, no PAR) cannot be kept for later.
        cof_consent: !!saleCard(p.sale.payments)?.store_credentials && !!tokens[n],
        metadata: { pos_sale_id: p.sale.sale_id, terminal_id: p.sale.terminal.id },
        // With a platform that issues payment ids, the in-store card payment's id is the purchase's (the module keeps only such ids).
        payment_id: p.sale.payments.find((pay) => pay.method === "card")?.acquirer_reference ?? null,
      })),
    }))
  )
  const operations = recordTillPaymentsStep(
    transform({ plan, tokens, chains }, ({ plan, tokens, chains }) => ({
      operations: plan.planned.flatMap((p, n) => saleOperations(p, tokens[n], chains[n])),
    }))
  )
  const recorded = recordPaymentsOnOrdersStep(
    transform({ plan, tokens, chains, operations }, ({ plan, tokens, chains, operations }) => {
      const chainOf = new Map(chains.map((c, n) => [c.id, { ...c, card_token: tokens[n] }]))
      const orderOf = new Map(plan.planned.map((p) => [saleChainId(p.sale), saleOrderId(p.sale)]))
      return { entries: operations.map((operation) => ({ order_id: orderOf.get(operation.chain_id)!, operation, chain: chainOf.get(operation.chain_id)! })) }
    })
  )
  const movements = recordStockMovementsStep(transform({ plan }, ({ plan }) => plan.planned.flatMap(saleMovements)))
  applyBatchStockStep(transform({ movements }, ({ movements }) => ({ movement_ids: movements.map((m) => m.id) })))

  const answers = transform({ plan, tokens, chains, operations, recorded, movements, recognized }, ({ plan, tokens, chains, operations, recorded, movements, recognized }) => {
    const paymentOf = new Map(operations.map((op, i) => [op.id, recorded[i].payment_id]))
    return plan.planned.map((p, n) => {
      const chain = chains[n]
      const answer: SaleAnswer = {
        order_id: saleOrderId(p.sale),
        payment_id: chain.payment_id,
        crm_token: tokens[n]?.token ?? null,
        customer_recognized_by: recognized[n] ? "card" : null,
        operations: operations.filter((op) => op.chain_id === chain.id).map((op) => ({ ...op, medusa_payment_id: paymentOf.get(op.id) ?? op.medusa_payment_id })),
        reservations: [],
      }
      const mine = `:${p.sale.terminal.id}:${p.sale.sale_id}:`
      return { sale_id: p.sale.sale_id, answer, event: saleEvent(p, answer, movements.filter((m) => m.source_key.includes(mine)).map((m) => m.id)) }
    })
  })
  emitEventStep({ eventName: POS_SALE_INGESTED, data: transform({ answers }, ({ answers }) => answers.map((a) => a.event)) })
  return new WorkflowResponse(
    transform({ answers, plan }, ({ answers, plan }) => ({
      answers: answers.map(({ sale_id, answer }) => ({ sale_id, answer })),
      refused: plan.refused as RefusedSale[],
    }))
  )
})

/** The sale's tenders as chain payments (the fields of the single-sale workflow's), under ids derived from the sale. */
function saleOperations(p: PlannedSale, token: SaleToken, chain: ChainDTO) {
  const firstCard = p.sale.payments.findIndex((pay) => pay.method === "card")
  return p.sale.payments.map((payment, i) => ({
    id: saleOperationId(p.sale, i),
    chain_id: chain.id,
    ...salePaymentOperation(p.sale, payment, i, {
      currency_code: p.currency_code,
      // The purchase's first payment, with the customer's consent: credentials on file.
      cof_first: payment.method === "card" && !!payment.card?.store_credentials && !!token && i === firstCard,
      offline_flags: p.offline_flags[i],
    }),
  }))
}

/** Stock leaving the terminal's location, under the single-sale workflow's source keys (recorded once whichever path comes first). */
function saleMovements(p: PlannedSale): StockMovementInput[] {
  const { sale } = p
  return p.lines.flatMap((line, i) =>
    line.fulfilled
      ? line.inventory.map((item) => ({
          source_key: `sale:${sale.terminal.id}:${sale.sale_id}:${i}:${item.inventory_item_id}`,
          kind: "sale" as const,
          terminal_id: sale.terminal.id,
          stock_location_id: sale.terminal.stock_location_id,
          sku: line.sku,
          variant_id: line.variant_id,
          inventory_item_id: item.inventory_item_id,
          quantity: line.quantity * item.required_quantity,
          occurred_at: sale.occurred_at,
          reference: sale.sale_id,
        }))
      : []
  )
}

/** The single-sale workflow's event, saying its stock is applied already (the stock subscriber leaves it). */
function saleEvent(p: PlannedSale, answer: SaleAnswer, movementIds: string[]) {
  const { sale, lines } = p
  return {
    sale_id: sale.sale_id,
    terminal_id: sale.terminal.id,
    stock_location_id: sale.terminal.stock_location_id,
    order_id: answer.order_id,
    payment_id: answer.payment_id,
    occurred_at: sale.occurred_at,
    lines: lines.map((l) => ({ sku: l.sku, variant_id: l.variant_id, quantity: l.quantity, fulfilled: l.fulfilled })),
    stock_movement_ids: movementIds,
    stock_applied: true,
    customer_email: sale.customer?.email?.toLowerCase() ?? null,
    receipt: {
      currency_code: sale.currency_code,
      lines: lines.map((l) => ({ title: l.title, quantity: l.quantity, unit_price: l.unit_price })),
      payments: receiptPayments(sale.payments),
    },
  }
}
