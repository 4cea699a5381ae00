import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { OMNICHANNEL_MODULE } from "../../../modules/omnichannel"
import type { IOmnichannelModuleService } from "../../../modules/omnichannel/service"
import { customersOfCardTokens, recognizedBy, type RecognizedCustomer } from "../../customers/card-customers"
import type { SaleToken } from "../types"

/**
 * Option recognizeCustomers "by_card", for a run of new in-store sales: per sale, in input
 * order, the customer who kept its card online when the sale names no customer (as the
 * single-sale workflow's recognizeSaleCustomerStep decides it), else null. One Query call
 * for the whole run, none when the option is off; nothing is written.
 */
export const recognizeSaleCustomersStep = createStep(
  "omnichannel-recognize-pos-sales-customers",
  async ({ sales }: { sales: { has_customer: boolean; token: SaleToken }[] }, { container }) => {
    const recognized: (RecognizedCustomer | null)[] = sales.map(() => null)
    const ledger = container.resolve<IOmnichannelModuleService>(OMNICHANNEL_MODULE)
    const ids = [...new Set(sales.flatMap((s) => (!s.has_customer && s.token ? [s.token.id] : [])))]
    if (ledger.recognizeCustomers !== "by_card" || !ids.length) return new StepResponse(recognized)
    const byToken = new Map((await customersOfCardTokens(container, { id: ids })).map((t) => [t.id, t]))
    sales.forEach((s, n) => {
      if (!s.has_customer && s.token) recognized[n] = recognizedBy(byToken.get(s.token.id))
    })
    return new StepResponse(recognized)
  }
)
