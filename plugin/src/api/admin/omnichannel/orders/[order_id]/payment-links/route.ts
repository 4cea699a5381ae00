import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { OmnichannelError } from "../../../../../../errors/omnichannel-error"
import { normalizeCurrency } from "../../../../../../money"
import { orderOwed } from "../../../../../../workflows/common/order-outstanding"
import { adminCreatePaymentLink } from "../../../../../payment-links/create-payment-link-route"
import { ledgerOf } from "../../../../../payment-links/payment-link-views"
import { handle } from "../../../../../utils/respond"

/** Asks the customer to pay on this order (by default what it still owes), on its chain or a new one. */
export const POST = adminCreatePaymentLink((params) => ({ order_id: params.order_id }))

/** The order's links, newest first, and what it still owes (what a new link asks by default). */
export const GET = handle(async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const orderId = req.params.order_id
  const { data } = await req.scope.resolve(ContainerRegistrationKeys.QUERY).graph({
    entity: "order",
    fields: ["id", "currency_code"],
    filters: { id: orderId },
  })
  const order = data[0] as { id: string; currency_code: string } | undefined
  if (!order) throw new OmnichannelError("NOT_FOUND", `order_id: order ${orderId} not found`, "order_id")
  const currency = normalizeCurrency(order.currency_code)
  const ledger = ledgerOf(req.scope)
  const links = await ledger.listPaymentLinks({ order_id: orderId })
  res.json({
    payment_links: links.map((l) => ledger.viewPaymentLink(l)),
    outstanding: { amount: await orderOwed(req.scope, orderId, currency), currency_code: currency },
  })
})
