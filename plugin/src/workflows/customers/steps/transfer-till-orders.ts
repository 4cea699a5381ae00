import type { MedusaContainer } from "@medusajs/framework/types"
import { ChangeActionType, Modules, OrderChangeStatus } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { acceptOrderTransferWorkflow, requestOrderTransferWorkflow, transferOrderToGuestWorkflow } from "@medusajs/medusa/core-flows"
import type { AttachCustomer } from "./find-anonymous-till-orders"

/** Who made the transfer, in the order's history: the plugin's recognition by card, not an admin user. */
export const ATTACHED_BY = "omnichannel:recognized-by-card"
const DESCRIPTION = "Till purchase attached to the customer who kept the card it was paid with"
const LOCK_TIMEOUT_SECONDS = 30

export type TransferOutcome = { order_id: string; attached: boolean; reason?: string }

/**
 * Each anonymous till order becomes the customer's through Medusa's own order transfer, so
 * the order's history shows a confirmed "transfer" change: for a customer with an account,
 * Medusa's transfer request accepted at once with its token (the merchant's rule of
 * recognising by card stands in for the customer's acceptance); for a guest customer, whom
 * the request refuses, Medusa's transfer to a guest. One order at a time under a lock; an
 * order that cannot be moved now (another change open on it) is left for the next pass and
 * the others go on. Not compensated: each transfer is a change of Medusa's, confirmed on its own.
 */
export const transferTillOrdersStep = createStep(
  "omnichannel-transfer-till-orders",
  async ({ customer, order_ids }: { customer: AttachCustomer | null; order_ids: string[] }, { container }) => {
    const outcomes: TransferOutcome[] = []
    if (!customer) return new StepResponse(outcomes)
    const locking = container.resolve(Modules.LOCKING)
    for (const order_id of order_ids) {
      try {
        const reason = await locking.execute(`omnichannel:attach-till-order:${order_id}`, () => transferOrder(container, order_id, customer), {
          timeout: LOCK_TIMEOUT_SECONDS,
        })
        outcomes.push(reason ? { order_id, attached: false, reason } : { order_id, attached: true })
      } catch (err) {
        outcomes.push({ order_id, attached: false, reason: (err as Error).message })
      }
    }
    return new StepResponse(outcomes)
  }
)

/** Moves one order to the customer; answers why not when it leaves the order as it is. */
async function transferOrder(container: MedusaContainer, order_id: string, customer: AttachCustomer): Promise<string | undefined> {
  const orders = container.resolve(Modules.ORDER)
  // Read again under the lock: another pass may have attached it meanwhile.
  const order = await orders.retrieveOrder(order_id, { select: ["id", "customer_id"] })
  if (order.customer_id) return order.customer_id === customer.id ? "attached already" : "the order has another customer now"

  // A pass cut short between Medusa's request and its acceptance left the request open: accept it.
  const [requested] = await orders.listOrderChanges(
    { order_id, change_type: "transfer", status: OrderChangeStatus.REQUESTED } as never,
    { relations: ["actions"] }
  )
  const pendingAction = requested?.actions?.find((a) => a.action === ChangeActionType.TRANSFER_CUSTOMER)
  if (requested && pendingAction?.reference_id !== customer.id) return "another transfer of the order is awaiting its customer"
  if (pendingAction) {
    await acceptOrderTransferWorkflow(container).run({ input: { order_id, token: (pendingAction.details as { token: string }).token } })
    return undefined
  }

  if (customer.has_account) {
    await requestOrderTransferWorkflow(container).run({
      input: { order_id, customer_id: customer.id, logged_in_user: ATTACHED_BY, description: DESCRIPTION, update_order_email: true },
    })
    return transferOrder(container, order_id, customer)
  }
  // Medusa's transfer to a guest finds the guest by email: only when that email names this customer alone.
  if (!customer.email) return "the guest customer has no email"
  const sameEmail = await container.resolve(Modules.CUSTOMER).listCustomers({ email: customer.email }, { select: ["id"] })
  if (sameEmail.length !== 1 || sameEmail[0].id !== customer.id) return "another customer has the guest's email"
  await transferOrderToGuestWorkflow(container).run({
    input: { order_id, email: customer.email, logged_in_user: ATTACHED_BY, description: DESCRIPTION },
  })
  return undefined
}
