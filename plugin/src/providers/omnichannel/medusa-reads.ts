import { toMinor } from "../../money"
import type { RefundMetadata, RefundOrigin } from "../../modules/omnichannel/money/types"
import type { ProviderDependencies } from "./dependencies"

/**
 * What Medusa's payment module does not hand its provider but the chain needs, read back
 * from the payment module (a dependency of itself, see dependencies.ts) by the id Medusa
 * gives as the call's idempotency key. Null when there is no such record.
 */

/** How much a Medusa capture takes (Medusa names the capture, not the amount). */
export async function medusaCaptureAmount(deps: ProviderDependencies, captureId: string | undefined, currency: string): Promise<number | null> {
  if (!captureId) return null
  const payments = deps.payments
  const [capture] = await payments.listCaptures({ id: captureId }).catch(() => [])
  return capture ? toMinor(capture.raw_amount ?? capture.amount, currency) : null
}

/** Who asked for a Medusa refund and how the money goes back, when the plugin's refund workflow made it. */
export async function medusaRefundOrigin(deps: ProviderDependencies, refundId: string | undefined): Promise<RefundOrigin | null> {
  if (!refundId) return null
  const payments = deps.payments
  const [refund] = await payments.listRefunds({ id: refundId }).catch(() => [])
  const metadata = (refund as { metadata?: RefundMetadata | null } | undefined)?.metadata
  return metadata?.omnichannel ?? null
}
