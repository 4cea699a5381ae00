import { useCallback, useEffect, useState } from "react"
import { defineWidgetConfig } from "@medusajs/admin-sdk"
import { Container, Text } from "@medusajs/ui"
import type { DetailWidgetProps, AdminOrder } from "@medusajs/framework/types"
import { omnichannelApi, type Chain } from "../lib/api"
import { ChainPanel } from "../components/chain-panel"
import { PaymentLinksSection } from "../components/payment-links-section"

/** On the order page: every chain of the order, across channels, with its actions, and its payment links. */
const OrderOmnichannelChainWidget = ({ data: order }: DetailWidgetProps<AdminOrder>) => {
  const [chains, setChains] = useState<Chain[] | null>(null)
  const [error, setError] = useState<string | null>(null)
  // Bumped on every reload of the chains: what the order still owes may have changed.
  const [version, setVersion] = useState(0)

  const load = useCallback(async () => {
    try {
      const { chains: found } = await omnichannelApi.chainsOfOrder(order.id)
      const full = await Promise.all(found.map((c) => omnichannelApi.chain(c.payment_id).then((r) => r.chain)))
      setChains(full)
      setError(null)
      setVersion((v) => v + 1)
    } catch (err) {
      setError((err as Error).message)
    }
  }, [order.id])

  useEffect(() => {
    void load()
  }, [load])

  if (error) {
    return (
      <Container>
        <Text size="small" className="text-ui-fg-error">Omnichannel payments could not be loaded: {error}</Text>
      </Container>
    )
  }
  if (!chains) return null
  // Even without a chain (an order paid some other way): a payment link opens one.
  return (
    <div className="flex flex-col gap-y-3" data-testid="omni-order-widget">
      {chains.map((chain) => (
        <ChainPanel key={chain.payment_id} chain={chain} onChanged={load} />
      ))}
      <PaymentLinksSection orderId={order.id} email={order.email ?? null} version={version} />
    </div>
  )
}

export const config = defineWidgetConfig({ zone: "order.details.after" })

export default OrderOmnichannelChainWidget
