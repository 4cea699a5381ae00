import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { hostedCardPage } from "../../../../../acquirers/sandbox/pages"
import { handle } from "../../../../utils/respond"
import { sandboxOf } from "../../../../utils/sandbox-acquirer"

/** The sandbox's hosted card form (the platform's page, played by the store in the sandbox). */
export const GET = handle(async (req: MedusaRequest, res: MedusaResponse) => {
  sandboxOf(req)
  const origin = typeof req.query.origin === "string" && /^https?:\/\/[^/]+$/.test(req.query.origin) ? req.query.origin : null
  res.setHeader("Cache-Control", "no-store")
  res.setHeader("Content-Type", "text/html; charset=utf-8")
  res.status(200).send(hostedCardPage(req.params.id, origin))
})
