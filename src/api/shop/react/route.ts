import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { sendShopPage } from "../../../shop/page"

/** The storefront kit's React components in plain React 18, no framework (see storefront/react/). */
export async function GET(_req: MedusaRequest, res: MedusaResponse) {
  sendShopPage(res, "react")
}
