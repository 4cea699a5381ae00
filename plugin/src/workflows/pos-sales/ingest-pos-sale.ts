import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { emitEventStep } from "@medusajs/medusa/core-flows"
import { receiptPayments } from "../../notifications/receipt"
import { recordStockMovementsStep } from "../inventory/steps/record-stock-movements"
import { checkSaleTendersStep } from "./steps/check-sale-tenders"
import { recognizeSaleCustomerStep } from "./steps/recognize-sale-customer"
import { recordSalePaymentsStep } from "./steps/record-sale-payments"
import { redeemStoredValueStep } from "./steps/redeem-stored-value"
import { reserveUnfulfilledLinesStep } from "./steps/reserve-unfulfilled-lines"
import { resolveSaleLinesStep } from "./steps/resolve-sale-lines"
import { resolveSaleTargetStep } from "./steps/resolve-sale-target"
import { upsertSaleOrderStep } from "./steps/upsert-sale-order"
import type { PosSaleInput } from "./types"

export const POS_SALE_INGESTED = "omnichannel.pos_sale.ingested"

/**
 * An in-store sale: into the chain and order it names, or a new in-store order; its
 * tenders checked (nothing written if they cannot pay) and gift cards / store credit
 * debited; every payment on the chain and in the order; the lines not handed over
 * reserved; the handed-over lines recorded as stock leaving the terminal's location; then
 * `omnichannel.pos_sale.ingested`, on which a subscriber applies them to Medusa's
 * inventory (a sweeper job applies any the event did not reach).
 */
export const ingestPosSaleWorkflow = createWorkflow("omnichannel-ingest-pos-sale", (input: PosSaleInput) => {
  const lines = resolveSaleLinesStep({ items: input.items })
  const target = resolveSaleTargetStep(
    transform({ input }, ({ input }) => ({
      payment_id: input.payment_id,
      order_id: input.order_id,
      currency_code: input.currency_code,
      items: input.items,
      ship_from_location_id: input.ship_from_location_id,
    }))
  )
  const tenders = checkSaleTendersStep(transform({ input, target }, ({ input, target }) => ({ sale: input, target })))
  const redeemed = redeemStoredValueStep(transform({ input, tenders }, ({ input, tenders }) => ({ sale: input, tenders })))
  const recognized = recognizeSaleCustomerStep(transform({ input, target }, ({ input, target }) => ({ sale: input, target })))
  const order = upsertSaleOrderStep(
    transform({ input, lines, target, recognized }, ({ input, lines, target, recognized }) => ({
      sale: { sale_id: input.sale_id, customer: input.customer, terminal: input.terminal },
      lines,
      target,
      recognized,
    }))
  )
  const recorded = recordSalePaymentsStep(
    transform({ input, target, order, tenders, redeemed }, ({ input, target, order, tenders, redeemed }) => ({
      sale: input,
      target,
      order_id: order.order_id,
      order_created: order.created,
      tenders,
      stored_value_transactions: redeemed,
    }))
  )
  const reserved = reserveUnfulfilledLinesStep(
    transform({ input, order, lines }, ({ input, order, lines }) => ({
      any_unfulfilled: lines.some((l) => !l.fulfilled),
      sale_id: input.sale_id,
      terminal_id: input.terminal.id,
      order_id: order.order_id,
      location_id: input.ship_from_location_id ?? input.terminal.stock_location_id,
    }))
  )
  const movements = recordStockMovementsStep(
    transform({ input, lines }, ({ input, lines }) =>
      lines.flatMap((line, i) =>
        line.fulfilled
          ? line.inventory.map((item) => ({
              source_key: `sale:${input.terminal.id}:${input.sale_id}:${i}:${item.inventory_item_id}`,
              kind: "sale" as const,
              terminal_id: input.terminal.id,
              stock_location_id: input.terminal.stock_location_id,
              sku: line.sku,
              variant_id: line.variant_id,
              inventory_item_id: item.inventory_item_id,
              quantity: line.quantity * item.required_quantity,
              occurred_at: input.occurred_at,
              reference: input.sale_id,
            }))
          : []
      )
    )
  )
  const result = transform({ input, order, recorded, lines, movements, reserved, recognized }, ({ input, order, recorded, lines, movements, reserved, recognized }) => ({
    order_id: order.order_id,
    payment_id: recorded.payment_id,
    crm_token: recorded.crm_token,
    // The order got a customer recognised by the card (option recognizeCustomers), or null.
    customer_recognized_by: recognized && order.customer_id === recognized.customer_id ? ("card" as const) : null,
    operations: recorded.operations,
    reservations: reserved.reservations,
    event: {
      sale_id: input.sale_id,
      terminal_id: input.terminal.id,
      stock_location_id: input.terminal.stock_location_id,
      order_id: order.order_id,
      payment_id: recorded.payment_id,
      occurred_at: input.occurred_at,
      lines: lines.map((l) => ({ sku: l.sku, variant_id: l.variant_id, quantity: l.quantity, fulfilled: l.fulfilled })),
      stock_movement_ids: movements.map((m) => m.id),
      // Who gets the e-receipt, and what it shows (a card by brand and last 4 only).
      customer_email: input.customer?.email?.toLowerCase() ?? null,
      receipt: {
        currency_code: input.currency_code,
        lines: lines.map((l) => ({ title: l.title, quantity: l.quantity, unit_price: l.unit_price })),
        payments: receiptPayments(input.payments),
      },
    },
  }))
  emitEventStep({ eventName: POS_SALE_INGESTED, data: transform({ result }, ({ result }) => result.event) })
  return new WorkflowResponse(result)
})
