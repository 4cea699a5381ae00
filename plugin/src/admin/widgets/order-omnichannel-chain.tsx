import { defineWidgetConfig } from "@medusajs/admin-sdk"
import { Container, Text } from "@medusajs/ui"
import type { DetailWidgetProps, AdminOrder } from "@medusajs/framework/types"
import { useOrderChains } from "../lib/order-queries"
import { ChainPanel } from "../components/chain-panel"
import { PaymentLinksSection } from "../components/payment-links-section"

/**
 * On the order page: every chain of the order, across channels, with its actions, and its
 * payment links. Its data sits in the dashboard's query cache under the order's key, so
 * Medusa's own payment buttons refresh it, and its actions refresh Medusa's sections.
 */
const OrderOmnichannelChainWidget = ({ data: order }: DetailWidgetProps<AdminOrder>) => {
  const { data: chains, error } = useOrderChains(order.id)

  if (error) {
    return (
      <Container>
        <Text size="small" className="text-ui-fg-error">Omnichannel payments could not be loaded: {error.message}</Text>
      </Container>
    )
  }
  if (!chains) return null
  // Every chain of an order answers the same order_owed (it is the order's figure).
  const orderOwed = chains.map((c) => c.totals.order_owed).find((owed) => typeof owed === "number") ?? null
  // Even without a chain (an order paid some other way): a payment link opens one.
  return (
    <div className="flex flex-col gap-y-3" data-testid="omni-order-widget">
      {chains.map((chain) => (
        <ChainPanel key={chain.payment_id} chain={chain} orderId={order.id} />
      ))}
      <PaymentLinksSection orderId={order.id} email={order.email ?? null} orderOwed={orderOwed} />
    </div>
  )
}

export const config = defineWidgetConfig({ zone: "order.details.after" })

export default OrderOmnichannelChainWidget
