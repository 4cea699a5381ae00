import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { OmnichannelError } from "../../../errors/omnichannel-error"
import { formatMinor } from "../../../money"
import { OMNICHANNEL_MODULE } from "../../../modules/omnichannel"
import type OmnichannelModuleService from "../../../modules/omnichannel/service"
import type { PaymentLinkDTO } from "../../../modules/omnichannel/service"
import { assertPayable } from "../../../modules/omnichannel/services/payment-links"
import { outstandingOf } from "../../common/order-outstanding"

/**
 * Read under the chain's lock: the link is open, no other payment of it is waiting for its
 * customer, and its order still owes at least its amount (the balance may have been paid
 * at the till since the link was sent).
 */
export const checkPaymentLinkPayableStep = createStep(
  "omnichannel-check-payment-link-payable",
  async ({ link_id }: { link_id: string }, { container }) => {
    const ledger = container.resolve<OmnichannelModuleService>(OMNICHANNEL_MODULE)
    const link = await ledger.retrievePaymentLink(link_id)
    assertPayable(link)
    if (link.attempt_operation_id) {
      const attempt = await ledger.retrieveOmnichannelOperation(link.attempt_operation_id)
      if (attempt.status === "pending") {
        throw OmnichannelError.transient("REFUND_ORDER_LOCKED", "token: a payment of this link is already in progress; try again in a moment", "token")
      }
    }
    if (link.order_id) {
      const owed = await outstandingOf(container, link.order_id, link.currency_code)
      if (owed < link.amount) {
        throw new OmnichannelError(
          "PAYMENT_LINK_NOT_PAYABLE",
          `this payment link asks for ${formatMinor(link.amount, link.currency_code)} but the order now owes ${formatMinor(owed, link.currency_code)}`
        )
      }
    }
    return new StepResponse<PaymentLinkDTO>(link)
  }
)
