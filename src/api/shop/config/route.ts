import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"

/** What the storefront needs to call the Store API: the seed's "Webshop" publishable key and the euro region. */
export async function GET(req: MedusaRequest, res: MedusaResponse) {
  const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
  const { data: keys } = await query.graph({
    entity: "api_key",
    fields: ["token", "title"],
    filters: { type: "publishable", revoked_at: null },
  })
  const { data: regions } = await query.graph({ entity: "region", fields: ["id", "currency_code"], filters: { currency_code: "eur" } })
  const key = keys.find((k) => k.title === "Webshop") ?? keys[0]
  if (!key || !regions[0]) {
    res.status(503).json({ message: "The store is not seeded yet: run npm run seed." })
    return
  }
  res.json({ publishable_key: key.token, region_id: regions[0].id, currency_code: regions[0].currency_code })
}
