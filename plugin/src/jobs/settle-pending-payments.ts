import type { MedusaContainer } from "@medusajs/framework/types"
import { runJobPass } from "../errors/lost-database-connection"
import { OMNICHANNEL_MODULE } from "../modules/omnichannel"
import type { IOmnichannelModuleService } from "../modules/omnichannel/service"
import { settlePendingPaymentWorkflow } from "../workflows/checkout/settle-pending-payment"
import { finishPaymentLinkWorkflow } from "../workflows/payment-links/finish-payment-link"

/** Younger ones are still with the customer or the checkout that made them. */
const ASK_AFTER_MS = 2 * 60_000
/** The platform keeps a 3-D Secure session open for minutes; an hour is long past any customer. */
const ABANDON_AFTER_MS = 60 * 60_000
/** A webhook settles a link's payment within minutes of it; a day covers any delivery retry. */
const SETTLED_ELSEWHERE_MS = 24 * 60 * 60_000

/**
 * Online first payments and payment-link payments left pending (3-D Secure not finished in front of us, answers
 * lost in an outage): ask the acquirer, settle them, and complete checkouts left waiting.
 * Each in its own workflow run, so one that the acquirer cannot answer does not stop the rest.
 */
export async function settlePendingPayments(container: MedusaContainer, opts: { askAfterMs?: number; abandonAfterMs?: number } = {}) {
  const ledger = container.resolve<IOmnichannelModuleService>(OMNICHANNEL_MODULE)
  const now = Date.now()
  const pending = await ledger.listOmnichannelOperations(
    {
      status: "pending",
      type: ["payment", "authorization"],
      channel: ["online", "pay_by_link"],
      acquirer_reference: { $ne: null },
      created_at: { $lt: new Date(now - (opts.askAfterMs ?? ASK_AFTER_MS)) },
    },
    { select: ["id", "channel"], take: 100, order: { created_at: "ASC" } }
  )
  const abandonBefore = new Date(now - (opts.abandonAfterMs ?? ABANDON_AFTER_MS)).toISOString()
  const results: { operation_id: string; status: string; completed: boolean; error?: string }[] = []
  // Link payments: waiting for 3-D Secure, or settled elsewhere (a webhook) in the last day
  // but not recorded on their link and order yet.
  const settledElsewhere = await ledger.listOmnichannelOperations(
    { status: "succeeded", type: "payment", channel: "pay_by_link", created_at: { $gt: new Date(now - SETTLED_ELSEWHERE_MS) } },
    { select: ["id"], take: 100, order: { created_at: "ASC" } }
  )
  const attempts = [...pending.filter((op) => op.channel === "pay_by_link"), ...settledElsewhere].map((op) => op.id)
  const links = attempts.length ? await ledger.listOmnichannelPaymentLinks({ attempt_operation_id: attempts, status: ["open", "expired"] }) : []
  for (const link of links) {
    const { result, errors } = await finishPaymentLinkWorkflow(container).run({
      input: { link_id: link.id, payment_id: link.payment_id, abandon_before: abandonBefore },
      throwOnError: false,
    })
    results.push({ operation_id: link.attempt_operation_id!, status: result?.operation?.status ?? "pending", completed: result?.link.status === "paid", error: errors[0]?.error?.message })
  }
  for (const op of pending.filter((op) => op.channel === "online")) {
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
