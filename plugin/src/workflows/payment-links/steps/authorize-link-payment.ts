import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import type { AcquirerResult, BrowserData } from "../../../acquirers/types"
import { acquirerKeys, askAcquirer, runOnChain } from "../../../chain-payments/run-on-chain"
import { OMNICHANNEL_MODULE } from "../../../modules/omnichannel"
import type OmnichannelModuleService from "../../../modules/omnichannel/service"
import type { OperationDTO, PaymentLinkDTO } from "../../../modules/omnichannel/service"
import { linkPaymentKey } from "./check-payment-link-payable"

export type LinkPaymentInput = {
  link: PaymentLinkDTO
  hosted_tokenization_id: string
  return_url: string
  browser?: BrowserData
}

/**
 * The customer pays the link with a card typed in the platform's hosted form: a SALE on
 * the link's chain, channel `pay_by_link`, customer-initiated (no credentials on file).
 * The link names the payment as its attempt before the acquirer is asked, so one that
 * waits for 3-D Secure can be found and settled from the link.
 * Compensation refunds a payment that succeeded but could not be recorded.
 */
export const authorizeLinkPaymentStep = createStep(
  "omnichannel-authorize-link-payment",
  async (input: LinkPaymentInput, { container }) => {
    const ledger = container.resolve<OmnichannelModuleService>(OMNICHANNEL_MODULE)
    const { link } = input
    const described = await askAcquirer(ledger.acquirer.describeHostedCard(input.hosted_tokenization_id))
    const { card_token } = await ledger.tokenizeHostedCard(described, false).catch(() => ({ card_token: null }))
    const chain = await ledger.retrieveOmnichannelChain(link.chain_id)
    let answer: AcquirerResult | null = null
    const operation = await runOnChain(
      ledger,
      chain.id,
      {
        type: "payment",
        channel: "pay_by_link",
        method: "card",
        amount: link.amount,
        currency_code: link.currency_code,
        authorization_mode: "SALE",
        idempotency_key: linkPaymentKey(link.id, input.hosted_tokenization_id),
        reference: link.id,
        // The card the chain takes if the payment goes through and the chain has none yet.
        metadata: card_token ? { card_token_id: card_token.id } : null,
      },
      async (pending) => {
        await ledger.startPaymentLinkAttempt(link.id, pending.id).catch(async (err) => {
          // The link stopped being payable (expired, canceled) before the acquirer was asked.
          await ledger.settleOperation(pending.id, { status: "failed", error_code: "PAYMENT_LINK_NOT_PAYABLE", error_message: (err as Error).message })
          throw err
        })
        return (answer = await ledger.acquirer.authorize({
          payment_id: chain.payment_id,
          amount: link.amount,
          currency_code: link.currency_code,
          mode: "SALE",
          ...acquirerKeys(pending),
          hosted_tokenization_id: input.hosted_tokenization_id,
          return_url: input.return_url,
          browser: input.browser,
        }))
      }
    )
    const result = answer as AcquirerResult | null
    const redirect_url = operation.status === "pending" ? (result?.redirect_url ?? null) : null
    return new StepResponse({ operation, redirect_url }, operation)
  },
  async (op: OperationDTO | undefined, { container }) => {
    if (!op || op.status !== "succeeded") return
    const ledger = container.resolve<OmnichannelModuleService>(OMNICHANNEL_MODULE)
    const key = `compensate:${op.id}`
    await runOnChain(
      ledger,
      op.chain_id,
      { type: "refund", channel: "pay_by_link", amount: op.amount, currency_code: op.currency_code, reference: key, idempotency_key: key, note: "undo of a payment link payment that could not be recorded" },
      (undo) => ledger.acquirer.refund({ reference: op.acquirer_reference!, amount: op.amount, currency_code: op.currency_code, ...acquirerKeys(undo) })
    )
  }
)
