import type { MedusaContainer } from "@medusajs/framework/types"
import { ChangeActionType, ContainerRegistrationKeys, Modules, OrderChangeStatus } from "@medusajs/framework/utils"
import { toMajor, toMinor } from "../../money"

export type RefundOnOrderLines = {
  order_id: string
  /** Minor units. */
  amount: number
  currency_code: string
  /** How the money went back: a new gift card, store credit, or cash where the order has no cash payment. */
  method: string
  /** The refund's key: once per refund part. */
  idempotency_key: string
  /** What the money went to (the gift card, the store-credit account), shown on the credit line. */
  reference_id?: string | null
  created_by?: string | null
}

/**
 * A refund that is not a refund of one of the order's payments (a new gift card, store
 * credit, cash where no cash was paid) is recorded as Medusa records a store-credit
 * refund: a negative order credit line, the value that left the order in kind. Where the
 * order was not overpaid for it (no return brought the goods back: a goodwill gesture), a
 * positive credit line of the part it was not overpaid for comes first, as Medusa's own
 * refund flow adds for a refund without a return; so Medusa's balance moves exactly as
 * the chain's. One order change of type credit_line, made and confirmed through the order
 * module. Not `createOrderCreditLinesWorkflow`: it refuses credit lines on an order with
 * nothing pending (goodwill), and the loyalty plugin's hook on it refuses guest customers,
 * whom tills mostly serve; the plugin credits the customer's store-credit account itself.
 */
export async function recordRefundOnOrderLines(container: MedusaContainer, input: RefundOnOrderLines) {
  const orders = container.resolve(Modules.ORDER)
  const earlier = (await orders.listOrderChanges({ order_id: input.order_id, change_type: "credit_line" } as never, { select: ["id", "status", "metadata"] })).find(
    (c) => c.metadata?.omnichannel_refund_key === input.idempotency_key
  )
  if (earlier) {
    if (earlier.status === OrderChangeStatus.PENDING) await orders.confirmOrderChange({ id: earlier.id, confirmed_by: input.created_by ?? undefined })
    return
  }
  const { data } = await container.resolve(ContainerRegistrationKeys.QUERY).graph({
    entity: "order",
    fields: ["summary.*"],
    filters: { id: input.order_id },
  })
  const pending = toMinor(((data[0] as { summary?: { pending_difference?: number } })?.summary?.pending_difference ?? 0) as number, input.currency_code)
  const goodwill = input.amount - Math.min(input.amount, Math.max(0, -pending))
  const major = (minor: number) => toMajor(minor, input.currency_code)

  const change = await orders.createOrderChange({
    order_id: input.order_id,
    change_type: "credit_line",
    created_by: input.created_by ?? undefined,
    description: `Refunded as ${input.method.replace("_", " ")}`,
    metadata: { omnichannel_refund_key: input.idempotency_key, method: input.method },
  } as never)
  const line = (amount: number, reference: string) => ({
    order_change_id: change.id,
    order_id: input.order_id,
    action: ChangeActionType.CREDIT_LINE_ADD,
    reference,
    reference_id: input.reference_id ?? input.idempotency_key,
    amount,
  })
  await orders.addOrderAction([
    ...(goodwill > 0 ? [line(major(goodwill), "omnichannel_refund_without_return")] : []),
    line(-major(input.amount), `omnichannel_refund_${input.method}`),
  ] as never)
  await orders.confirmOrderChange({ id: change.id, confirmed_by: input.created_by ?? undefined })
}
