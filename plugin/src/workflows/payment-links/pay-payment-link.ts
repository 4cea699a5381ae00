import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import type { BrowserData } from "../../acquirers/types"
import { lockChainStep, unlockChainStep } from "../common/steps/lock-chain"
import { recordLinkPaymentWorkflow } from "./record-link-payment"
import { authorizeLinkPaymentStep } from "./steps/authorize-link-payment"
import { checkPaymentLinkPayableStep } from "./steps/check-payment-link-payable"

export type PayPaymentLinkInput = {
  link_id: string
  payment_id: string
  hosted_tokenization_id: string
  return_url: string
  browser?: BrowserData
}

/**
 * The customer pays a link: under the chain's lock (two tabs paying at once: the second is
 * refused while the first runs, and finds the link paid after), a SALE on the chain, then,
 * unless 3-D Secure asks for the customer first, recorded on the order and the link paid.
 */
export const payPaymentLinkWorkflow = createWorkflow("omnichannel-pay-payment-link", (input: PayPaymentLinkInput) => {
  const lock = lockChainStep(transform({ input }, ({ input }) => ({ payment_id: input.payment_id })))
  const link = checkPaymentLinkPayableStep({ link_id: input.link_id, hosted_tokenization_id: input.hosted_tokenization_id })
  const payment = authorizeLinkPaymentStep(
    transform({ input, link }, ({ input, link }) => ({
      link,
      hosted_tokenization_id: input.hosted_tokenization_id,
      return_url: input.return_url,
      browser: input.browser,
    }))
  )
  const recorded = when({ payment }, ({ payment }) => payment.operation.status === "succeeded").then(() =>
    recordLinkPaymentWorkflow.runAsStep({ input: transform({ link, payment }, ({ link, payment }) => ({ link, operation: payment.operation })) })
  )
  unlockChainStep(lock)
  return new WorkflowResponse({
    link: transform({ link, recorded }, ({ link, recorded }) => recorded ?? link),
    operation: transform({ payment }, ({ payment }) => payment.operation),
    redirect_url: transform({ payment }, ({ payment }) => payment.redirect_url),
  })
})
