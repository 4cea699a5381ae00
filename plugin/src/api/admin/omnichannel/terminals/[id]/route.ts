import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { OMNICHANNEL_MODULE } from "../../../../../modules/omnichannel"
import type { IOmnichannelModuleService } from "../../../../../modules/omnichannel/service"
import { handle } from "../../../../utils/respond"

/** Deactivates the till: its requests are refused from now on; its history stays. */
export const DELETE = handle(async (req: MedusaRequest, res: MedusaResponse) => {
  const ledger = req.scope.resolve<IOmnichannelModuleService>(OMNICHANNEL_MODULE)
  res.status(200).json({ terminal: await ledger.deactivateTerminal(req.params.id) })
})
