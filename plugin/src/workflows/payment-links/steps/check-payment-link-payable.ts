import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { OmnichannelError } from "../../../errors/omnichannel-error"
import { formatMinor } from "../../../money"
import { OMNICHANNEL_MODULE } from "../../../modules/omnichannel"
import type { IOmnichannelModuleService } from "../../../modules/omnichannel/service"
import type { PaymentLinkDTO } from "../../../modules/omnichannel/service"
import { assertPayable } from "../../../modules/omnichannel/services/payment-links"
import { orderOwed } from "../../common/order-outstanding"

/** The idempotency key of a link's payment with one card form: the same form sent again resumes it. */
export const linkPaymentKey = (linkId: string, hostedTokenizationId: string) => `link:${linkId}:${hostedTokenizationId}`

/**
 * Read under the chain's lock: the link is open; no other payment of it is waiting (unless
 * this is that payment again, which resumes it); and its order still owes its amount, less
 * what payments of its other links waiting for 3-D Secure would pay (the balance may have
 * been paid at the till since the link was sent, or by another link).
 */
export const checkPaymentLinkPayableStep = createStep(
  "omnichannel-check-payment-link-payable",
  async ({ link_id, hosted_tokenization_id }: { link_id: string; hosted_tokenization_id: string }, { container }) => {
    const ledger = container.resolve<IOmnichannelModuleService>(OMNICHANNEL_MODULE)
    const link = await ledger.retrievePaymentLink(link_id)
    assertPayable(link)
    if (link.attempt_operation_id) {
      const attempt = await ledger.retrieveOmnichannelOperation(link.attempt_operation_id)
      if (attempt.status === "pending" && attempt.idempotency_key !== linkPaymentKey(link.id, hosted_tokenization_id)) {
        throw OmnichannelError.transient("PAYMENT_LINK_BUSY", "a payment of this link is already in progress; try again in a moment")
      }
    }
    if (link.order_id) {
      const owed = await orderOwed(container, link.order_id, link.currency_code, { except_link_id: link.id })
      if (owed < link.amount) {
        throw new OmnichannelError(
          "PAYMENT_LINK_NOT_PAYABLE",
          `this payment link asks for ${formatMinor(link.amount, link.currency_code)} but the order now owes ${formatMinor(Math.max(0, owed), link.currency_code)}`
        )
      }
    }
    return new StepResponse<PaymentLinkDTO>(link)
  }
)
