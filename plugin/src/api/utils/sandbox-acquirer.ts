import type { MedusaRequest } from "@medusajs/framework/http"
import type { SandboxAcquirer } from "../../acquirers/sandbox"
import { OmnichannelError } from "../../errors/omnichannel-error"
import { OMNICHANNEL_MODULE } from "../../modules/omnichannel"
import type { IOmnichannelModuleService } from "../../modules/omnichannel/service"

/** The sandbox's pages exist only when the sandbox is the store's acquirer: otherwise 404. */
export function sandboxOf(req: MedusaRequest): SandboxAcquirer {
  const sandbox = req.scope.resolve<IOmnichannelModuleService>(OMNICHANNEL_MODULE).sandbox
  if (!sandbox) {
    throw new OmnichannelError("NOT_FOUND", "the sandbox's pages exist only with acquirer: sandbox")
  }
  return sandbox
}
