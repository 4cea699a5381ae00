import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { Modules } from "@medusajs/framework/utils"
import { z } from "@medusajs/framework/zod"
import { OmnichannelError } from "../../../../errors/omnichannel-error"
import { OMNICHANNEL_MODULE } from "../../../../modules/omnichannel"
import type { IOmnichannelModuleService } from "../../../../modules/omnichannel/service"
import { publicTerminal } from "../../../../modules/omnichannel/service"
import { idempotentRoute } from "../../../utils/idempotent-route"
import { handle } from "../../../utils/respond"

const CreateTerminalBody = z
  .object({
    name: z.string({ error: "Required" }).trim().min(1, "Required").max(200),
    stock_location_id: z.string({ error: "Required" }).min(1, "Required"),
    webhook_url: z.string().url("Expected an http(s) URL").regex(/^https?:\/\//, "Expected an http(s) URL").optional(),
  })
  .strict()

/** A new till at a stock location. The secret is in this answer only. */
export const POST = idempotentRoute({
  scope: () => "admin:terminals",
  body: CreateTerminalBody,
  run: async (req: MedusaRequest, body) => {
    const [location] = await req.scope.resolve(Modules.STOCK_LOCATION).listStockLocations({ id: body.stock_location_id })
    if (!location) {
      throw new OmnichannelError("INVALID_DATA", `stock_location_id: no stock location ${body.stock_location_id}`, "stock_location_id")
    }
    return req.scope.resolve<IOmnichannelModuleService>(OMNICHANNEL_MODULE).createTerminal(body)
  },
})

export const GET = handle(async (req: MedusaRequest, res: MedusaResponse) => {
  const terminals = await req.scope
    .resolve<IOmnichannelModuleService>(OMNICHANNEL_MODULE)
    .listOmnichannelTerminals({}, { order: { created_at: "ASC" } })
  res.json({ terminals: terminals.map(publicTerminal), count: terminals.length })
})
