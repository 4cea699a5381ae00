import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { sendShopPage } from "../../../../shop/page"

/**
 * The page a payment link's email points to; the script loads the link by its token. The URL
 * is the customer's only key to the link: not kept by caches, not sent on as a Referer (to
 * the card form, the issuer's 3-D Secure page or anywhere else).
 */
export async function GET(_req: MedusaRequest, res: MedusaResponse) {
  res.setHeader("Cache-Control", "no-store")
  res.setHeader("Referrer-Policy", "no-referrer")
  sendShopPage(res)
}
