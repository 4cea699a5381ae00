import { processPaymentWorkflow } from "@medusajs/medusa/core-flows"
import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { OMNICHANNEL_MODULE } from "../../../modules/omnichannel"
import type { IOmnichannelModuleService } from "../../../modules/omnichannel/service"

/**
 * A first payment that succeeded while its cart was left waiting (the customer passed
 * 3-D Secure and never came back to the store): Medusa's own payment processing
 * authorizes the session and completes the cart, as for any provider's webhook. The
 * operation's key is the payment session's id. No compensation: the order stands.
 */
async function cartBecameOrder(container: MedusaContainer, paymentCollectionId: string): Promise<boolean> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data: carts } = await query.graph({ entity: "cart_payment_collection", fields: ["cart_id"], filters: { payment_collection_id: paymentCollectionId } })
  const cartId = (carts[0] as { cart_id?: string } | undefined)?.cart_id
  if (!cartId) return false
  const { data: orders } = await query.graph({ entity: "order_cart", fields: ["order_id"], filters: { cart_id: cartId } })
  return orders.length > 0
}

export const completeWaitingCheckoutStep = createStep(
  "omnichannel-complete-waiting-checkout",
  async (input: { operation_id?: string }, { container }) => {
    if (!input.operation_id) {
      return new StepResponse({ completed: false })
    }
    const op = await container.resolve<IOmnichannelModuleService>(OMNICHANNEL_MODULE).retrieveOmnichannelOperation(input.operation_id)
    const firstPayment = op.type === "payment" || op.type === "authorization"
    if (!firstPayment || op.status !== "succeeded" || op.medusa_payment_id || !op.idempotency_key?.startsWith("payses_")) {
      return new StepResponse({ completed: false })
    }
    const session = await container
      .resolve(Modules.PAYMENT)
      .retrievePaymentSession(op.idempotency_key)
      .catch(() => null)
    if (!session || session.status === "authorized") {
      return new StepResponse({ completed: false })
    }
    await processPaymentWorkflow(container).run({
      input: { action: "authorized", data: { session_id: session.id, amount: session.amount } },
    })
    // Medusa's cart completion inside it may fail without failing the run: look for the order.
    return new StepResponse({ completed: await cartBecameOrder(container, session.payment_collection_id) })
  }
)
