import type { CreateOrderChangeActionDTO, IOrderModuleService } from "@medusajs/framework/types"
import { OrderChangeStatus } from "@medusajs/framework/utils"

type ChangeInput = {
  order_id: string
  change_type: "edit" | "credit_line"
  created_by?: string | null
  description?: string
  internal_note?: string
  /** Names the operation the change belongs to, so a retry finds it. */
  metadata: Record<string, unknown>
}

/**
 * An order change of the plugin's, through Medusa's order module as Medusa's own flows make
 * one: the change, its actions, confirmed at once (Medusa raises the order's version and
 * recomputes its summary). `actions` get the change's id and order.
 */
/** An action of the change, before it has one: what Medusa's own flows give `addOrderAction`. */
export type ChangeAction = Omit<CreateOrderChangeActionDTO, "order_change_id" | "order_id">

export async function makeConfirmedOrderChange(orders: IOrderModuleService, input: ChangeInput, actions: ChangeAction[]) {
  const change = await orders.createOrderChange({ ...input, created_by: input.created_by ?? undefined })
  await orders.addOrderAction(actions.map((a) => ({ ...a, order_change_id: change.id, order_id: input.order_id })))
  await orders.confirmOrderChange({ id: change.id, confirmed_by: input.created_by ?? undefined })
  return change.id
}

/**
 * The change an earlier run of the same operation made (its instance died part way), if
 * any, brought to an end: confirmed if its actions were all written, else canceled so this
 * run makes it again. Answers whether the operation's change is done.
 */
export async function finishEarlierOrderChange(
  orders: IOrderModuleService,
  filter: { order_id: string; change_type: ChangeInput["change_type"] },
  isMine: (metadata: Record<string, unknown>) => boolean,
  expectedActions: number,
  confirmedBy?: string | null
): Promise<boolean> {
  const changes = await orders.listOrderChanges(filter, { select: ["id", "status", "metadata"], relations: ["actions"] })
  const earlier = changes.find((c) => c.status !== OrderChangeStatus.CANCELED && c.status !== OrderChangeStatus.DECLINED && isMine(c.metadata ?? {}))
  if (!earlier) return false
  const actions = (earlier.actions ?? []).length
  // The actions are written in one call: a confirmed change has them all, unless someone
  // confirmed one a dead run left empty (then it is made again). Not compared with
  // `expectedActions`: what a change needs may differ once it was applied.
  if (earlier.status === OrderChangeStatus.CONFIRMED) return actions > 0
  if (actions >= expectedActions) {
    await orders.confirmOrderChange({ id: earlier.id, confirmed_by: confirmedBy ?? undefined })
    return true
  }
  await orders.cancelOrderChange(earlier.id)
  return false
}
