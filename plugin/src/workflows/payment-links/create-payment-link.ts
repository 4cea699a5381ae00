import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { emitEventStep } from "@medusajs/medusa/core-flows"
import { createPaymentLinkStep } from "./steps/create-payment-link"
import { openOrderChainStep } from "./steps/open-order-chain"
import { resolvePaymentLinkTargetStep, type PaymentLinkTargetInput } from "./steps/resolve-payment-link-target"

export const PAYMENT_LINK_CREATED = "omnichannel.payment_link.created"
export const PAYMENT_LINK_PAID = "omnichannel.payment_link.paid"

export type CreatePaymentLinkInput = PaymentLinkTargetInput & {
  expires_in_hours?: number
  note?: string | null
  customer_email?: string | null
  origin: "admin" | "pos"
  terminal_id?: string | null
  actor_id?: string | null
}

/** A payment request on a chain (or an order's), for what it still owes unless told; subscribers send it to the customer. */
export const createPaymentLinkWorkflow = createWorkflow("omnichannel-create-payment-link", (input: CreatePaymentLinkInput) => {
  const target = resolvePaymentLinkTargetStep(input)
  const chain = openOrderChainStep(
    transform({ target }, ({ target }) => ({ chain: target.chain, order_id: target.order_id, currency_code: target.currency_code }))
  )
  const link = createPaymentLinkStep(
    transform({ input, target, chain }, ({ input, target, chain }) => ({
      chain_id: chain.id,
      payment_id: chain.payment_id,
      order_id: target.order_id,
      amount: target.amount,
      currency_code: target.currency_code,
      expires_in_hours: input.expires_in_hours,
      customer_email: input.customer_email ?? target.order_email,
      note: input.note ?? null,
      origin: input.origin,
      terminal_id: input.terminal_id ?? null,
      actor_id: input.actor_id ?? null,
    }))
  )
  emitEventStep({ eventName: PAYMENT_LINK_CREATED, data: transform({ link }, ({ link }) => ({ id: link.id })) })
  return new WorkflowResponse(link)
})
