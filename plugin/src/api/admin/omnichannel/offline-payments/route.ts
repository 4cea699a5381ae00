import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { OMNICHANNEL_MODULE } from "../../../../modules/omnichannel"
import type { IOmnichannelModuleService } from "../../../../modules/omnichannel/service"
import type { ListOfflinePaymentsQuery } from "../validators"
import { offlinePaymentViews } from "./offline-payment-views"

/**
 * Card payments the tills approved offline: awaiting their outcome (`pending`, `overdue`
 * after the terminal's max_hours), or declined after the sale with the link sent for them.
 */
export async function GET(req: MedusaRequest<unknown, ListOfflinePaymentsQuery>, res: MedusaResponse) {
  const { state, limit, offset } = req.validatedQuery as ListOfflinePaymentsQuery
  const ledger = req.scope.resolve<IOmnichannelModuleService>(OMNICHANNEL_MODULE)
  const { offline_payments, count } = await ledger.listOfflinePayments({ state, limit, offset })
  res.json({ offline_payments: await offlinePaymentViews(req.scope, offline_payments), count, limit, offset })
}
