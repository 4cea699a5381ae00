import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { OmnichannelError } from "../../../errors/omnichannel-error"
import { OMNICHANNEL_MODULE } from "../../../modules/omnichannel"
import type { IOmnichannelModuleService, PaymentLinkDTO } from "../../../modules/omnichannel/service"
import { assertPayable } from "../../../modules/omnichannel/services/payment-links"
import { linkEmail } from "../../../notifications/link-email"
import { sendEmail } from "../../../notifications/send"

/** The link, if it can be sent again: open (409 otherwise) and naming an email (422 otherwise). */
export const checkPaymentLinkSendableStep = createStep("omnichannel-check-payment-link-sendable", async ({ link_id }: { link_id: string }, { container }) => {
  const link = await container.resolve<IOmnichannelModuleService>(OMNICHANNEL_MODULE).retrievePaymentLink(link_id)
  assertPayable(link)
  if (!link.customer_email) {
    throw new OmnichannelError("OPERATION_NOT_ALLOWED", "customer_email: this payment link names no email to send it to", "customer_email")
  }
  return new StepResponse<PaymentLinkDTO>(link)
})

/** The offline decline the link recovers, if any: its email then says why the customer is asked again. */
export const findOfflineDeclineOfLinkStep = createStep("omnichannel-find-offline-decline-of-link", async ({ link_id }: { link_id: string }, { container }) => {
  return new StepResponse(await container.resolve<IOmnichannelModuleService>(OMNICHANNEL_MODULE).offlineDeclineOfLink(link_id))
})

/**
 * The link's email, once more. An email cannot be unsent: nothing to compensate. Each
 * re-send has its own notification key (the request's), so the Notification Module sends
 * it although the first email went out under the link's own key.
 */
export const sendPaymentLinkAgainStep = createStep(
  "omnichannel-send-payment-link-again",
  async (
    input: { link: PaymentLinkDTO; decline: { reason: string | null; occurred_at: string | null } | null; request_key: string },
    { container }
  ) => {
    const email = await linkEmail(container, input.link, input.decline)
    // Two templates, two data shapes: each call is typed with its own.
    const common = {
      to: input.link.customer_email!,
      trigger_type: "omnichannel.payment_link.resent",
      resource_id: input.link.id,
      resource_type: "omnichannel_payment_link",
      idempotency_key: `omnichannel-payment-link-resent:${input.link.id}:${input.request_key}`,
    }
    const status =
      email.kind === "offline_decline"
        ? await sendEmail(container, { ...common, template: email.template, data: email.data })
        : await sendEmail(container, { ...common, template: email.template, data: email.data })
    return new StepResponse({ to: input.link.customer_email!, template: email.template.id, status })
  }
)
