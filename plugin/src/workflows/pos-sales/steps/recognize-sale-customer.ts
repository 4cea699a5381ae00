import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { OMNICHANNEL_MODULE } from "../../../modules/omnichannel"
import type { IOmnichannelModuleService } from "../../../modules/omnichannel/service"
import { customersOfCardTokens, recognizedBy, type RecognizedCustomer } from "../../customers/card-customers"
import { saleCard } from "../../pos-sales-batch/steps/card-tokens-of-sales"
import type { PosSaleInput, SaleTarget } from "../types"

/**
 * Option recognizeCustomers "by_card": the customer who kept the sale's card online, for a
 * sale that names no customer and starts a new order (an order merged into keeps its own
 * customer). The card is found by its fingerprint, as the tokenization finds it, in one
 * Query call; nothing is written. Null when the option is off or nobody is recognised.
 */
export const recognizeSaleCustomerStep = createStep(
  "omnichannel-recognize-pos-sale-customer",
  async ({ sale, target }: { sale: Pick<PosSaleInput, "customer" | "payments">; target: SaleTarget }, { container }) => {
    const ledger = container.resolve<IOmnichannelModuleService>(OMNICHANNEL_MODULE)
    if (ledger.recognizeCustomers !== "by_card" || sale.customer || target.order_id || target.chain_id) {
      return new StepResponse<RecognizedCustomer | null>(null)
    }
    const card = saleCard(sale.payments)
    const fingerprint = card ? await ledger.terminalCardFingerprint(card) : null
    if (!fingerprint) return new StepResponse<RecognizedCustomer | null>(null)
    const [token] = await customersOfCardTokens(container, { fingerprint: [fingerprint] })
    return new StepResponse(recognizedBy(token))
  }
)
