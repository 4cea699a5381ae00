import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { sendShopPage } from "../../../../shop/page"

/** Where the shopper lands after 3-D Secure (`?paymentId=` added by the platform); the page completes the cart. */
export async function GET(_req: MedusaRequest, res: MedusaResponse) {
  sendShopPage(res)
}
