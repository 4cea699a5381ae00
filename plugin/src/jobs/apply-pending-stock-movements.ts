import type { MedusaContainer } from "@medusajs/framework/types"
import { OMNICHANNEL_MODULE } from "../modules/omnichannel"
import type { IOmnichannelModuleService } from "../modules/omnichannel/service"
import { runJobPass } from "../errors/lost-database-connection"
import { applyStockMovementsWorkflow } from "../workflows/inventory/apply-stock-movements"

// Younger ones are still on their way through the pos_sale.ingested subscriber.
const GRACE_MS = 10_000

/** Applies movements that the sale event never reached (a crash, a lost event) or that failed. */
export default async function applyPendingStockMovements(container: MedusaContainer) {
  const ledger = container.resolve<IOmnichannelModuleService>(OMNICHANNEL_MODULE)
  await runJobPass(container, config.name, async () => {
    const stale = await ledger.listOmnichannelStockMovements(
      { status: "pending", created_at: { $lt: new Date(Date.now() - GRACE_MS) } },
      { select: ["id"], take: 200, order: { created_at: "ASC" } }
    )
    if (stale.length) {
      await applyStockMovementsWorkflow(container).run({ input: { movement_ids: stale.map((m) => m.id) } })
    }
  })
}

export const config = {
  name: "omnichannel-apply-pending-stock-movements",
  schedule: { interval: 15_000 },
}
