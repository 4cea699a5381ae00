import { defineMiddlewares, validateAndTransformQuery } from "@medusajs/framework/http"
import { ListChainsQuery } from "./admin/omnichannel/validators"

export default defineMiddlewares({
  routes: [
    {
      matcher: "/admin/omnichannel/chains",
      methods: ["GET"],
      middlewares: [validateAndTransformQuery(ListChainsQuery, {})],
    },
  ],
})
