import type { MedusaNextFunction, MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { OmnichannelError } from "../../errors/omnichannel-error"
import { OMNICHANNEL_MODULE } from "../../modules/omnichannel"
import type { IOmnichannelModuleService } from "../../modules/omnichannel/service"
import type { PublicTerminal } from "../../modules/omnichannel/service"
import { isValidPosSignature, POS_HEADERS, POS_TIMESTAMP_TOLERANCE_SECONDS } from "../../pos-client/signing"
import { sendError } from "./respond"

export type PosRequest = MedusaRequest & { terminal: PublicTerminal; rawBody?: Buffer }

/**
 * Every /pos/* request is signed by its terminal over the raw body. Unknown terminal,
 * bad signature, or a timestamp more than 300 s away: 401, and the route never runs.
 */
export async function verifyPosSignature(req: MedusaRequest, res: MedusaResponse, next: MedusaNextFunction) {
  const terminalId = req.get(POS_HEADERS.terminal) ?? ""
  const timestamp = req.get(POS_HEADERS.timestamp) ?? ""
  const signature = req.get(POS_HEADERS.signature)
  const ledger = req.scope.resolve<IOmnichannelModuleService>(OMNICHANNEL_MODULE)

  const found = await ledger.activeTerminalSecret(terminalId).catch(() => null)
  if (!found) {
    return sendError(res, new OmnichannelError("UNKNOWN_TERMINAL", `${POS_HEADERS.terminal}: unknown or deactivated terminal`, POS_HEADERS.terminal))
  }
  const seconds = /^\d{1,12}$/.test(timestamp) ? Number(timestamp) : NaN
  if (!Number.isFinite(seconds) || Math.abs(Date.now() / 1000 - seconds) > POS_TIMESTAMP_TOLERANCE_SECONDS) {
    return sendError(
      res,
      new OmnichannelError("STALE_TIMESTAMP", `${POS_HEADERS.timestamp}: more than ${POS_TIMESTAMP_TOLERANCE_SECONDS} s from the store's clock`, POS_HEADERS.timestamp)
    )
  }
  const raw = (req as PosRequest).rawBody ?? Buffer.alloc(0)
  if (!isValidPosSignature(found.secret, timestamp, raw, signature)) {
    return sendError(res, new OmnichannelError("INVALID_SIGNATURE", `${POS_HEADERS.signature}: does not match the request`, POS_HEADERS.signature))
  }
  ;(req as PosRequest).terminal = found.terminal
  next()
}
