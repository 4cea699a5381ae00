import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { Modules } from "@medusajs/framework/utils"
import type { FilterableOrderChangeProps } from "@medusajs/framework/types"
import { OmnichannelError } from "../../errors/omnichannel-error"
import { toMajor } from "../../money"
import { OMNICHANNEL_MODULE } from "../../modules/omnichannel"
import type { IOmnichannelModuleService } from "../../modules/omnichannel/service"
import { allocateReturnItems, returnStockMovements, type TillReturnItem } from "./till-return-items"

export type TillReturnInput = {
  order_id: string | null
  items?: TillReturnItem[]
  /** Put the goods back on sale at the terminal's location (default true). */
  restock?: boolean
  terminal_id?: string | null
  stock_location_id?: string | null
  amount: number
  currency_code: string
  reference: string
  idempotency_key: string
}

export type TillReturn = { return_id: string | null; stock_movement_ids: string[] }

/**
 * Goods brought back to a till become a Medusa return on the order, received at once at
 * the terminal's stock location, made by the terminal, with the refund's amount: the
 * order's lines show what came back and Medusa's summary what it owes back. Restocked
 * goods are recorded as stock movements at that location (applied by the next step).
 * Once per refund key: a retry finds its return (through the return's order change) and
 * finishes receiving it.
 */
export const receiveTillReturnStep = createStep(
  "omnichannel-receive-till-return",
  async (input: TillReturnInput, { container }) => {
    const none = new StepResponse<TillReturn>({ return_id: null, stock_movement_ids: [] })
    if (!input.items?.length) return none
    if (!input.terminal_id || !input.stock_location_id) {
      throw new OmnichannelError("OPERATION_NOT_ALLOWED", "items: goods are taken back at a till", "items")
    }
    const orders = container.resolve(Modules.ORDER)
    let returnId = input.order_id ? await earlierReturn(container, input.order_id, input.idempotency_key) : null
    const earlierItems = returnId ? ((await orders.retrieveReturn(returnId, { relations: ["items"] })).items ?? []) : []
    const { allocations, to_fulfill } = await allocateReturnItems(
      container,
      input.order_id,
      input.items,
      new Map(earlierItems.map((i) => [i.item_id, Number(i.quantity)]))
    )
    const orderId = input.order_id!
    const items = allocations.map((a) => ({ id: a.line_id, quantity: a.quantity }))
    // Goods a till handed over are fulfilled in fact: Medusa's book says so before it takes them back.
    if (to_fulfill.length) {
      await orders.registerFulfillment({ order_id: orderId, items: to_fulfill, created_by: input.terminal_id })
    }
    if (!returnId) {
      const created = await orders.createReturn({
        order_id: orderId,
        location_id: input.stock_location_id,
        created_by: input.terminal_id,
        refund_amount: toMajor(input.amount, input.currency_code),
        no_notification: true,
        description: `Returned at the till (${input.reference})`,
        metadata: { idempotency_key: input.idempotency_key, reference: input.reference, terminal_id: input.terminal_id },
        items: allocations.map((a) => ({ id: a.line_id, quantity: a.quantity, note: a.reason })),
      })
      returnId = (created as unknown as { id: string }).id
    }
    const [ret] = await orders.listReturns({ id: returnId }, { select: ["id", "status"] })
    if (ret.status !== "received") {
      await orders.receiveReturn({ return_id: returnId, items, created_by: input.terminal_id })
    }
    let movementIds: string[] = []
    if (input.restock !== false) {
      const ledger = container.resolve<IOmnichannelModuleService>(OMNICHANNEL_MODULE)
      const { movements } = await ledger.recordStockMovements(
        returnStockMovements(returnId, allocations, { terminal_id: input.terminal_id, stock_location_id: input.stock_location_id, reference: input.reference })
      )
      movementIds = movements.map((m) => m.id)
    }
    return new StepResponse<TillReturn>({ return_id: returnId, stock_movement_ids: movementIds })
  }
)

/** The return an earlier run of this refund made: its request change carries the refund's key. */
async function earlierReturn(container: Parameters<typeof allocateReturnItems>[0], orderId: string, key: string): Promise<string | null> {
  const changes = await container
    .resolve(Modules.ORDER)
    .listOrderChanges({ order_id: orderId, change_type: "return_request" } as FilterableOrderChangeProps, { select: ["id", "return_id", "metadata"] })
  return changes.find((c) => c.metadata?.idempotency_key === key)?.return_id ?? null
}
