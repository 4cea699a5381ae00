import type { MedusaContainer } from "@medusajs/framework/types"
import { OMNICHANNEL_MODULE } from "../modules/omnichannel"
import type { IOmnichannelModuleService, PaymentLinkDTO } from "../modules/omnichannel/service"
import { orderContact, storeName } from "./send"
import { offlineDeclineTemplate, paymentRequestTemplate } from "./templates"

/** The offline card payment a link recovers: when the customer paid at the till. */
export type RecoveredDecline = { occurred_at: string | null }

/**
 * The email that asks the customer to pay a link: for a card declined after the sale, the
 * same `omnichannel-offline-decline` email the decline sent (it says why they are asked);
 * for any other link, the payment request.
 */
export async function linkEmail(container: MedusaContainer, link: PaymentLinkDTO, decline: RecoveredDecline | null) {
  const ledger = container.resolve<IOmnichannelModuleService>(OMNICHANNEL_MODULE)
  const order = await orderContact(container, link.order_id)
  const common = {
    amount: link.amount,
    currency_code: link.currency_code,
    url: ledger.viewPaymentLink(link).url,
    expires_at: link.expires_at,
    order_display_id: order?.display_id,
    store_name: await storeName(container),
  }
  if (decline) {
    const chain = await ledger.retrieveOmnichannelChain(link.chain_id, { relations: ["card_token"] })
    const card = chain.card_token ? { brand: chain.card_token.brand, last4: chain.card_token.last4 } : null
    return { kind: "offline_decline" as const, template: offlineDeclineTemplate, data: { ...common, occurred_at: decline.occurred_at ?? link.created_at, card } }
  }
  return { kind: "payment_request" as const, template: paymentRequestTemplate, data: { ...common, note: link.note } }
}
