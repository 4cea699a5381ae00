import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { OMNICHANNEL_MODULE } from "../../../../../modules/omnichannel"
import type { IOmnichannelModuleService } from "../../../../../modules/omnichannel/service"
import { handle, parseInput } from "../../../../utils/respond"
import { UpdateTerminalBody } from "../validators"

/** Renames the till, changes its webhook, or sets (or, with `offline: null`, clears) its offline limits. */
export const POST = handle(async (req: MedusaRequest, res: MedusaResponse) => {
  const body = parseInput(UpdateTerminalBody, req.body)
  const ledger = req.scope.resolve<IOmnichannelModuleService>(OMNICHANNEL_MODULE)
  res.status(200).json({ terminal: await ledger.updateTerminal(req.params.id, body) })
})

/** Deactivates the till: its requests are refused from now on; its history stays. */
export const DELETE = handle(async (req: MedusaRequest, res: MedusaResponse) => {
  const ledger = req.scope.resolve<IOmnichannelModuleService>(OMNICHANNEL_MODULE)
  res.status(200).json({ terminal: await ledger.deactivateTerminal(req.params.id) })
})
