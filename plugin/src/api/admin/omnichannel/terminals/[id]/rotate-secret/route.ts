import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { OMNICHANNEL_MODULE } from "../../../../../../modules/omnichannel"
import type { IOmnichannelModuleService } from "../../../../../../modules/omnichannel/service"
import { handle } from "../../../../../utils/respond"

/** A new secret, shown once; the old one stops working at once. */
export const POST = handle(async (req: MedusaRequest, res: MedusaResponse) => {
  const ledger = req.scope.resolve<IOmnichannelModuleService>(OMNICHANNEL_MODULE)
  res.status(200).json(await ledger.rotateTerminalSecret(req.params.id))
})
