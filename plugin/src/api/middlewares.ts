import { authenticate, defineMiddlewares, errorHandler, validateAndTransformQuery } from "@medusajs/framework/http"
import { declinedCardAs402 } from "./utils/declined-card-error"
import {
  ChannelReportQuery,
  HealthQuery,
  ListChainsQuery,
  ListNotificationsQuery,
  ListOfflinePaymentsQuery,
  ListPosIngestionsQuery,
  ListReconciliationsQuery,
  ListStockDiscrepanciesQuery,
} from "./admin/omnichannel/validators"
import { ExportOperationsQuery } from "./admin/omnichannel/operations/export/validators"
import { jsonBody } from "./utils/json-body"
import { measurePosRequest } from "./utils/measure-pos-request"
import { refuseCardData } from "./utils/refuse-card-data"
import { refuseInternalSessionData } from "./utils/refuse-internal-session-data"
import { verifyPosSignature } from "./utils/verify-pos-signature"

export default defineMiddlewares({
  // Medusa answers a payment authorization error 422; the contract says a declined card is 402.
  errorHandler: declinedCardAs402(errorHandler()),
  routes: [
    {
      matcher: "/admin/omnichannel/chains",
      methods: ["GET"],
      middlewares: [validateAndTransformQuery(ListChainsQuery, {})],
    },
    {
      matcher: "/admin/omnichannel/operations/export",
      methods: ["GET"],
      middlewares: [validateAndTransformQuery(ExportOperationsQuery, {})],
    },
    {
      matcher: "/admin/omnichannel/stock-discrepancies",
      methods: ["GET"],
      middlewares: [validateAndTransformQuery(ListStockDiscrepanciesQuery, {})],
    },
    {
      matcher: "/admin/omnichannel/notifications",
      methods: ["GET"],
      middlewares: [validateAndTransformQuery(ListNotificationsQuery, {})],
    },
    {
      matcher: "/admin/omnichannel/offline-payments",
      methods: ["GET"],
      middlewares: [validateAndTransformQuery(ListOfflinePaymentsQuery, {})],
    },
    {
      matcher: "/admin/omnichannel/pos-ingestions",
      methods: ["GET"],
      middlewares: [validateAndTransformQuery(ListPosIngestionsQuery, {})],
    },
    {
      matcher: "/admin/omnichannel/reconciliations",
      methods: ["GET"],
      middlewares: [validateAndTransformQuery(ListReconciliationsQuery, {})],
    },
    {
      matcher: "/admin/omnichannel/reports/channels",
      methods: ["GET"],
      middlewares: [validateAndTransformQuery(ChannelReportQuery, {})],
    },
    {
      matcher: "/admin/omnichannel/health",
      methods: ["GET"],
      middlewares: [validateAndTransformQuery(HealthQuery, {})],
    },
    {
      // Signed over the raw bytes, which our parser keeps.
      matcher: "/pos/*",
      bodyParser: false,
      middlewares: [measurePosRequest, jsonBody, verifyPosSignature],
    },
    {
      matcher: "/admin/omnichannel/*",
      methods: ["POST"],
      bodyParser: false,
      middlewares: [jsonBody],
    },
    {
      matcher: "/hooks/omnichannel/worldline",
      methods: ["POST"],
      bodyParser: { preserveRawBody: true },
      middlewares: [],
    },
    {
      matcher: "/store/omnichannel/saved-cards",
      methods: ["GET"],
      middlewares: [authenticate("customer", ["session", "bearer"])],
    },
    {
      matcher: "/store/payment-collections/:id/payment-sessions",
      methods: ["POST"],
      middlewares: [refuseInternalSessionData],
    },
    {
      matcher: "/store/*",
      methods: ["POST"],
      middlewares: [refuseCardData],
    },
  ],
})
