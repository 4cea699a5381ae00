import { sdk } from "@lib/config"
import { getAuthHeaders } from "@lib/data/cookies"
import type { HttpTypes } from "@medusajs/types"
import { notFound } from "next/navigation"

export const metadata = { title: "Order confirmed" }

/** The starter's order confirmation, reduced to what the suite reads: the order Medusa placed. */
export default async function OrderConfirmed({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params
  const order = await sdk.client
    .fetch<HttpTypes.StoreOrderResponse>(`/store/orders/${id}`, { query: { fields: "id,display_id,email,total,currency_code" }, headers: await getAuthHeaders(), cache: "no-store" })
    .then(({ order }) => order)
    .catch(() => null)
  if (!order) return notFound()
  return (
    <div data-testid="order-confirmed" data-order-id={order.id}>
      <h1>Thank you!</h1>
      <p data-testid="order-number">Order #{order.display_id}</p>
      <p>
        We sent the confirmation to {order.email}. Total {order.total} {order.currency_code.toUpperCase()}.
      </p>
    </div>
  )
}
