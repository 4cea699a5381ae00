import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import type { MedusaResponse } from "@medusajs/framework/http"
import { toMinor } from "../../money"
import { OMNICHANNEL_MODULE } from "../../modules/omnichannel"
import type { IOmnichannelModuleService } from "../../modules/omnichannel/service"
import type { OperationDTO, PaymentLinkDTO } from "../../modules/omnichannel/service"
import { orderOwed } from "../../workflows/common/order-outstanding"

export const ledgerOf = (scope: MedusaContainer) => scope.resolve<IOmnichannelModuleService>(OMNICHANNEL_MODULE)

/** The page's URL holds the link's token: it must not be cached nor sent on as a referrer. */
export function keepTokenPrivate(res: MedusaResponse) {
  res.setHeader("Cache-Control", "no-store")
  res.setHeader("Referrer-Policy", "no-referrer")
}

/**
 * What the customer's page shows, to anyone holding the token: the amount asked, the
 * order's lines and totals (minor units). Nothing about the customer: no name, no address.
 */
export async function customerLinkView(scope: MedusaContainer, link: PaymentLinkDTO) {
  let order: Record<string, unknown> | null = null
  if (link.order_id) {
    const { data } = await scope.resolve(ContainerRegistrationKeys.QUERY).graph({
      entity: "order",
      fields: ["display_id", "currency_code", "total", "items.title", "items.quantity", "items.total"],
      filters: { id: link.order_id },
    })
    const o = data[0] as { display_id: number; total: number; items?: { title: string; quantity: number; total: number }[] } | undefined
    if (o) {
      const currency = link.currency_code
      const total = toMinor(o.total, currency)
      const outstanding = await orderOwed(scope, link.order_id, currency)
      order = {
        display_id: o.display_id,
        currency_code: currency,
        items: (o.items ?? []).map((i) => ({ title: i.title, quantity: Number(i.quantity), total: toMinor(i.total, currency) })),
        total,
        paid: Math.max(0, total - outstanding),
        outstanding,
      }
    }
  }
  return {
    status: link.status,
    amount: link.amount,
    currency_code: link.currency_code,
    expires_at: link.expires_at,
    paid_at: link.paid_at,
    merchant_note: link.note,
    order,
  }
}

/** Where the customer's payment stands, for the page: paid, waiting for 3-D Secure, failed (with why), or not started. */
export function attemptStatus(link: PaymentLinkDTO, operation: OperationDTO | null) {
  if (link.status === "paid") return { status: "paid" as const }
  if (link.status !== "open" && operation?.status !== "pending") return { status: link.status }
  if (!operation) return { status: "open" as const }
  if (operation.status === "pending") return { status: "requires_action" as const }
  if (operation.status === "failed") {
    return { status: "failed" as const, error: { code: operation.error_code ?? "PAYMENT_DECLINED", message: operation.error_message ?? "the payment was refused" } }
  }
  return { status: "open" as const }
}
