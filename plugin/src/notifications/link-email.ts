import type { MedusaContainer } from "@medusajs/framework/types"
import { OMNICHANNEL_MODULE } from "../modules/omnichannel"
import type { IOmnichannelModuleService, PaymentLinkDTO } from "../modules/omnichannel/service"
import { orderContact, storeName } from "./send"
import { paymentRequestTemplate } from "./templates"

/** The email that asks the customer to pay a link: the payment request, with why when it recovers a card declined after the sale. */
export async function linkEmail(container: MedusaContainer, link: PaymentLinkDTO, decline: { reason: string | null; occurred_at: string | null } | null) {
  const ledger = container.resolve<IOmnichannelModuleService>(OMNICHANNEL_MODULE)
  const order = await orderContact(container, link.order_id)
  const why = decline ? `Your card payment in our shop was declined by your bank after the sale${decline.reason ? ` (${decline.reason})` : ""}.` : null
  return {
    template: paymentRequestTemplate,
    data: {
      amount: link.amount,
      currency_code: link.currency_code,
      url: ledger.viewPaymentLink(link).url,
      expires_at: link.expires_at,
      note: [why, link.note].filter(Boolean).join("\n") || null,
      order_display_id: order?.display_id,
      store_name: await storeName(container),
    },
  }
}
