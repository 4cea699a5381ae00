import type { MedusaContainer } from "@medusajs/framework/types"
import { ChangeActionType, ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { finishEarlierOrderChange, makeConfirmedOrderChange } from "../common/order-changes"
import { toMajor, toMinorRounded } from "../../money"

/** The credit lines' references: the value given back in kind, and the goodwill line before it. */
export const IN_KIND_LINE_PREFIX = "omnichannel_refund_"
export const WITHOUT_RETURN_LINE = "omnichannel_refund_without_return"
export const isInKindRefundLine = (reference?: string | null) => !!reference?.startsWith(IN_KIND_LINE_PREFIX) && reference !== WITHOUT_RETURN_LINE

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
  const { data } = await container.resolve(ContainerRegistrationKeys.QUERY).graph({
    entity: "order",
    fields: ["summary.*"],
    filters: { id: input.order_id },
  })
  const pending = toMinorRounded(((data[0] as { summary?: { pending_difference?: number } })?.summary?.pending_difference ?? 0) as number, input.currency_code)
  const mine = (m: Record<string, unknown>) => m.omnichannel_refund_key === input.idempotency_key
  const goodwill = input.amount - Math.min(input.amount, Math.max(0, -pending))
  const lines = goodwill > 0 ? 2 : 1
  if (await finishEarlierOrderChange(orders, { order_id: input.order_id, change_type: "credit_line" }, mine, lines, input.created_by)) return

  const line = (amount: number, reference: string) => ({
    action: ChangeActionType.CREDIT_LINE_ADD,
    reference,
    reference_id: input.reference_id ?? input.idempotency_key,
    amount: toMajor(amount, input.currency_code),
  })
  await makeConfirmedOrderChange(
    orders,
    {
      order_id: input.order_id,
      change_type: "credit_line",
      created_by: input.created_by,
      description: `Refunded as ${input.method.replace("_", " ")}`,
      metadata: { omnichannel_refund_key: input.idempotency_key, method: input.method },
    },
    [...(goodwill > 0 ? [line(goodwill, WITHOUT_RETURN_LINE)] : []), line(-input.amount, `${IN_KIND_LINE_PREFIX}${input.method}`)]
  )
}
