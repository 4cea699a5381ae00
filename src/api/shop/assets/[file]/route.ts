import path from "node:path"
import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { storefrontDist } from "../../../../shop/page"

const SERVED = new Set(["app.js", "app.js.map", "react.js", "react.js.map", "style.css", "style.css.map"])

/** The storefront's built files, by name only (no paths from the request). */
export async function GET(req: MedusaRequest, res: MedusaResponse) {
  const dist = storefrontDist()
  const file = req.params.file
  if (!dist || !SERVED.has(file)) {
    res.status(404).send("Not found")
    return
  }
  res.setHeader("cache-control", "no-cache")
  res.sendFile(path.join(dist, file))
}
