import { defineMiddlewares, validateAndTransformQuery } from "@medusajs/framework/http"
import { ListChainsQuery } from "./admin/omnichannel/validators"
import { vaultCardMiddleware } from "./utils/vault-card"
import { verifyPosSignature } from "./utils/verify-pos-signature"

export default defineMiddlewares({
  routes: [
    {
      matcher: "/admin/omnichannel/chains",
      methods: ["GET"],
      middlewares: [validateAndTransformQuery(ListChainsQuery, {})],
    },
    {
      // Signed over the raw bytes, so the body parser keeps them.
      matcher: "/pos/*",
      bodyParser: { preserveRawBody: true },
      middlewares: [verifyPosSignature],
    },
    {
      matcher: "/store/payment-collections/:id/payment-sessions",
      methods: ["POST"],
      middlewares: [vaultCardMiddleware],
    },
  ],
})
