import type { MedusaContainer } from "@medusajs/framework/types"
import { runJobPass } from "../errors/lost-database-connection"
import { OMNICHANNEL_MODULE } from "../modules/omnichannel"
import type OmnichannelModuleService from "../modules/omnichannel/service"
import { settlePendingPaymentWorkflow } from "../workflows/checkout/settle-pending-payment"

/** Younger ones are still with the customer or the checkout that made them. */
const ASK_AFTER_MS = 2 * 60_000
/** The platform keeps a 3-D Secure session open for minutes; an hour is long past any customer. */
const ABANDON_AFTER_MS = 60 * 60_000

/**
 * Online first payments left pending (3-D Secure not finished in front of us, answers
 * lost in an outage): ask the acquirer, settle them, and complete checkouts left waiting.
 * Each in its own workflow run, so one that the acquirer cannot answer does not stop the rest.
 */
export async function settlePendingPayments(container: MedusaContainer, opts: { askAfterMs?: number; abandonAfterMs?: number } = {}) {
  const ledger = container.resolve<OmnichannelModuleService>(OMNICHANNEL_MODULE)
  const now = Date.now()
  const pending = await ledger.listOmnichannelOperations(
    {
      status: "pending",
      type: ["payment", "authorization"],
      channel: "online",
      acquirer_reference: { $ne: null },
      created_at: { $lt: new Date(now - (opts.askAfterMs ?? ASK_AFTER_MS)) },
    },
    { select: ["id"], take: 100, order: { created_at: "ASC" } }
  )
  const abandonBefore = new Date(now - (opts.abandonAfterMs ?? ABANDON_AFTER_MS)).toISOString()
  const results: { operation_id: string; status: string; completed: boolean; error?: string }[] = []
  for (const op of pending) {
    const { result, errors } = await settlePendingPaymentWorkflow(container).run({
      input: { operation_id: op.id, abandon_before: abandonBefore },
      throwOnError: false,
    })
    results.push({ operation_id: op.id, status: result?.operation.status ?? "pending", completed: result?.checkout.completed ?? false, error: errors[0]?.error?.message })
  }
  return results
}

export default async function settlePendingPaymentsJob(container: MedusaContainer) {
  await runJobPass(container, config.name, async () => {
    await settlePendingPayments(container)
  })
}

export const config = {
  name: "omnichannel-settle-pending-payments",
  schedule: { interval: 60_000 },
}
