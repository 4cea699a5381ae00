import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { OmnichannelError } from "../../../errors/omnichannel-error"
import { normalizeCurrency } from "../../../money"
import { OMNICHANNEL_MODULE } from "../../../modules/omnichannel"
import type { IOmnichannelModuleService } from "../../../modules/omnichannel/service"

/** The chain behind a payment id, checked against the currency the caller named. */
export const loadChainStep = createStep(
  "omnichannel-load-chain",
  async ({ payment_id, currency_code }: { payment_id: string; currency_code: string }, { container }) => {
    const ledger = container.resolve<IOmnichannelModuleService>(OMNICHANNEL_MODULE)
    const chain = await ledger.retrieveChainByPaymentId(payment_id)
    const currency = normalizeCurrency(currency_code)
    if (currency !== chain.currency_code) {
      throw new OmnichannelError(
        "CURRENCY_MISMATCH",
        `currency_code: chain ${payment_id} is in ${chain.currency_code}, not ${currency}`,
        "currency_code"
      )
    }
    return new StepResponse(chain)
  }
)
