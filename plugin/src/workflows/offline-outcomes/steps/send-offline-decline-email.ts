import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import type { MedusaContainer } from "@medusajs/framework/types"
import { OMNICHANNEL_MODULE } from "../../../modules/omnichannel"
import type { IOmnichannelModuleService, OperationDTO, PaymentLinkDTO } from "../../../modules/omnichannel/service"
import { orderContact, sendEmail, storeName } from "../../../notifications/send"
import { offlineDeclineTemplate } from "../../../notifications/templates"

export const OFFLINE_PAYMENT_DECLINED = "omnichannel.offline_payment.declined"

/** The decline's link to the customer, at once (one email per decline: its key is the operation's). */
export const sendOfflineDeclineEmailStep = createStep(
  "omnichannel-send-offline-decline-email",
  async ({ link, operation }: { link: PaymentLinkDTO; operation: OperationDTO }, { container }) => {
    return new StepResponse(await sendOfflineDeclineEmail(container, link, operation))
  }
)

export async function sendOfflineDeclineEmail(container: MedusaContainer, link: PaymentLinkDTO, operation: OperationDTO) {
  const ledger = container.resolve<IOmnichannelModuleService>(OMNICHANNEL_MODULE)
  const chain = await ledger.retrieveOmnichannelChain(operation.chain_id, { relations: ["card_token"] })
  const order = await orderContact(container, link.order_id)
  return await sendEmail(container, {
    template: offlineDeclineTemplate,
    to: link.customer_email!,
    data: {
      amount: link.amount,
      currency_code: link.currency_code,
      url: ledger.viewPaymentLink(link).url,
      expires_at: link.expires_at,
      occurred_at: (operation.metadata?.occurred_at as string | undefined) ?? operation.created_at,
      card: chain.card_token ? { brand: chain.card_token.brand, last4: chain.card_token.last4 } : null,
      order_display_id: order?.display_id,
      store_name: await storeName(container),
    },
    trigger_type: OFFLINE_PAYMENT_DECLINED,
    resource_id: link.id,
    resource_type: "omnichannel_payment_link",
    idempotency_key: `omnichannel-offline-decline:${operation.id}`,
  })
}
