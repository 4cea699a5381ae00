import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { ContainerRegistrationKeys, Modules, PaymentEvents } from "@medusajs/framework/utils"
import type { RefundMetadata } from "../modules/omnichannel/money/types"
import { ANNOUNCE_MEDUSA_REFUND, announceMedusaRefundWorkflow } from "../workflows/refunds/announce-medusa-refund"

/**
 * Medusa refunded one of its payments. Refunds of omnichannel payments that the plugin's
 * refund workflow did not make (those carry `metadata.omnichannel`, and that workflow
 * announces them) were made with Medusa's own refund button: each is announced once.
 */
export default async function announceMedusaRefunds({ event, container }: SubscriberArgs<{ id: string }>) {
  const refunds = await container.resolve(Modules.PAYMENT).listRefunds({ payment_id: event.data.id }, { relations: ["payment"] })
  for (const refund of refunds) {
    const metadata = (refund as { metadata?: RefundMetadata | null }).metadata
    if (metadata?.omnichannel || !refund.payment?.provider_id?.startsWith("pp_omnichannel_")) continue
    try {
      await announceMedusaRefundWorkflow(container).run({ input: { refund_id: refund.id }, context: { transactionId: `${ANNOUNCE_MEDUSA_REFUND}-${refund.id}` } })
    } catch (err) {
      // The money has moved: one refund not announced does not keep the others from it.
      container.resolve(ContainerRegistrationKeys.LOGGER).warn(`omnichannel: Medusa refund ${refund.id} not announced: ${(err as Error).message}`)
    }
  }
}

export const config: SubscriberConfig = {
  event: PaymentEvents.REFUNDED,
  context: { subscriberId: "omnichannel-announce-medusa-refund" },
}
