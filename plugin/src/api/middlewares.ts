import { defineMiddlewares, validateAndTransformQuery } from "@medusajs/framework/http"
import { ListChainsQuery } from "./admin/omnichannel/validators"
import { vaultCardMiddleware } from "./utils/vault-card"

export default defineMiddlewares({
  routes: [
    {
      matcher: "/admin/omnichannel/chains",
      methods: ["GET"],
      middlewares: [validateAndTransformQuery(ListChainsQuery, {})],
    },
    {
      matcher: "/store/payment-collections/:id/payment-sessions",
      methods: ["POST"],
      middlewares: [vaultCardMiddleware],
    },
  ],
})
