import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { OMNICHANNEL_MODULE } from "../../../../../modules/omnichannel"
import type { IOmnichannelModuleService } from "../../../../../modules/omnichannel/service"
import { handle } from "../../../../utils/respond"

/** One run with every difference it found. */
export const GET = handle(async (req: MedusaRequest, res: MedusaResponse) => {
  const ledger = req.scope.resolve<IOmnichannelModuleService>(OMNICHANNEL_MODULE)
  res.json({ reconciliation: await ledger.retrieveReconciliation(req.params.id) })
})
