import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { Modules } from "@medusajs/framework/utils"
import { z } from "@medusajs/framework/zod"
import { OmnichannelError } from "../../../../errors/omnichannel-error"
import { withIdempotency } from "../../../../idempotency/with-idempotency"
import { OMNICHANNEL_MODULE } from "../../../../modules/omnichannel"
import type OmnichannelModuleService from "../../../../modules/omnichannel/service"
import { publicTerminal } from "../../../../modules/omnichannel/service"
import { handle, parseInput } from "../../../utils/respond"

const CreateTerminalBody = z
  .object({
    name: z.string({ error: "Required" }).trim().min(1, "Required").max(200),
    stock_location_id: z.string({ error: "Required" }).min(1, "Required"),
    webhook_url: z.string().url("Expected an http(s) URL").regex(/^https?:\/\//, "Expected an http(s) URL").optional(),
  })
  .strict()

/** A new till at a stock location. The secret is in this answer only. */
export const POST = handle(async (req: MedusaRequest, res: MedusaResponse) => {
  await withIdempotency(req, res, "admin:terminals", req.get("idempotency-key"), async () => {
    const body = parseInput(CreateTerminalBody, req.body)
    const [location] = await req.scope.resolve(Modules.STOCK_LOCATION).listStockLocations({ id: body.stock_location_id })
    if (!location) {
      throw new OmnichannelError("INVALID_DATA", `stock_location_id: no stock location ${body.stock_location_id}`, "stock_location_id")
    }
    const created = await req.scope.resolve<OmnichannelModuleService>(OMNICHANNEL_MODULE).createTerminal(body)
    return { status: 201, body: created }
  })
})

export const GET = handle(async (req: MedusaRequest, res: MedusaResponse) => {
  const terminals = await req.scope
    .resolve<OmnichannelModuleService>(OMNICHANNEL_MODULE)
    .listOmnichannelTerminals({}, { order: { created_at: "ASC" } })
  res.json({ terminals: terminals.map(publicTerminal), count: terminals.length })
})
