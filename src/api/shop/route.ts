import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { sendShopPage } from "../../shop/page"

/** The demo storefront (see storefront/): product, cart, checkout. */
export async function GET(_req: MedusaRequest, res: MedusaResponse) {
  sendShopPage(res)
}
