import { defineWidgetConfig } from "@medusajs/admin-sdk"
import { Badge, Button, Container, Heading, Table, Text } from "@medusajs/ui"
import type { AdminCustomer, DetailWidgetProps } from "@medusajs/framework/types"
import { useState } from "react"
import { formatMinor } from "../../money/display"
import type { CustomerActivity } from "../lib/customer-activity-api"
import { useCustomerActivity } from "../lib/customer-queries"
import { channelName, methodName } from "../lib/operation-words"
import { maskToken } from "../components/chain-panel"

const PAGE = 10

const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : "—")
const channels = (list: string[]) => list.map(channelName).join(", ") || "—"

function OrderLink({ orderId, displayId }: { orderId: string; displayId: number | null }) {
  return (
    <a className="text-ui-fg-interactive" href={`/app/orders/${orderId}`} data-testid="omni-customer-order-link">
      {displayId ? `#${displayId}` : orderId}
    </a>
  )
}

/** Lifetime figures per currency, and paid / refunded per channel. */
function Totals({ totals }: { totals: CustomerActivity["totals"] }) {
  if (!totals.length) {
    return <Text size="small" className="text-ui-fg-subtle px-6 py-4" data-testid="omni-customer-nothing">No omnichannel purchase yet.</Text>
  }
  return (
    <div className="flex flex-col gap-y-4 px-6 py-4">
      {totals.map((t) => {
        const money = (minor: number) => formatMinor(minor, t.currency_code)
        return (
          <div key={t.currency_code} data-testid={`omni-customer-totals-${t.currency_code}`}>
            <Text size="small" weight="plus">
              {t.currency_code}: {t.orders} {t.orders === 1 ? "order" : "orders"}, paid <span data-testid="omni-customer-paid">{money(t.paid)}</span>, refunded{" "}
              <span data-testid="omni-customer-refunded">{money(t.refunded)}</span>
            </Text>
            <Text size="xsmall" className="text-ui-fg-subtle mb-2">
              First {when(t.first_at)} · last {when(t.last_at)}
            </Text>
            <Table>
              <Table.Header>
                <Table.Row>
                  <Table.HeaderCell>Channel</Table.HeaderCell>
                  <Table.HeaderCell>Paid</Table.HeaderCell>
                  <Table.HeaderCell>Refunded</Table.HeaderCell>
                </Table.Row>
              </Table.Header>
              <Table.Body>
                {Object.entries(t.by_channel).map(([channel, c]) => (
                  <Table.Row key={channel} data-testid={`omni-customer-channel-${channel}`}>
                    <Table.Cell>{channelName(channel)}</Table.Cell>
                    <Table.Cell>{money(c?.paid ?? 0)}</Table.Cell>
                    <Table.Cell>{money(c?.refunded ?? 0)}</Table.Cell>
                  </Table.Row>
                ))}
              </Table.Body>
            </Table>
          </div>
        )
      })}
    </div>
  )
}

function Cards({ cards }: { cards: CustomerActivity["cards"] }) {
  if (!cards.length) return null
  return (
    <div className="px-6 py-4">
      <Text size="small" weight="plus" className="mb-2">Cards</Text>
      <Table>
        <Table.Header>
          <Table.Row>
            <Table.HeaderCell>Card</Table.HeaderCell>
            <Table.HeaderCell>CRM token</Table.HeaderCell>
            <Table.HeaderCell>Used in</Table.HeaderCell>
            <Table.HeaderCell>Last used</Table.HeaderCell>
          </Table.Row>
        </Table.Header>
        <Table.Body>
          {cards.map((c) => (
            <Table.Row key={c.crm_token} data-testid="omni-customer-card">
              <Table.Cell className="capitalize">{c.brand} •••• {c.last4}</Table.Cell>
              <Table.Cell className="font-mono" data-testid="omni-customer-card-token">{maskToken(c.crm_token)}</Table.Cell>
              <Table.Cell data-testid="omni-customer-card-channels">{channels(c.channels)}</Table.Cell>
              <Table.Cell>{when(c.last_used_at)}</Table.Cell>
            </Table.Row>
          ))}
        </Table.Body>
      </Table>
    </div>
  )
}

/** A page of purchases, newest first, each linking to its order. */
function Purchases({ activity, onPage }: { activity: CustomerActivity; onPage: (offset: number) => void }) {
  if (!activity.count) return null
  const { offset, limit, count } = activity
  return (
    <div className="px-6 py-4">
      <Text size="small" weight="plus" className="mb-2">Purchases</Text>
      <Table>
        <Table.Header>
          <Table.Row>
            <Table.HeaderCell>Order</Table.HeaderCell>
            <Table.HeaderCell>Payment id</Table.HeaderCell>
            <Table.HeaderCell>Channels</Table.HeaderCell>
            <Table.HeaderCell>Paid</Table.HeaderCell>
            <Table.HeaderCell>Refunded</Table.HeaderCell>
            <Table.HeaderCell>Date</Table.HeaderCell>
          </Table.Row>
        </Table.Header>
        <Table.Body>
          {activity.chains.map((c) => (
            <Table.Row key={c.payment_id} data-testid="omni-customer-purchase">
              <Table.Cell><OrderLink orderId={c.order_id} displayId={c.order_display_id} /></Table.Cell>
              <Table.Cell className="font-mono text-xs">{c.payment_id}</Table.Cell>
              <Table.Cell data-testid="omni-customer-purchase-channels">{channels(Object.keys(c.totals.by_channel))}</Table.Cell>
              <Table.Cell>{formatMinor(c.totals.paid, c.currency_code)}</Table.Cell>
              <Table.Cell>{formatMinor(c.totals.refunded, c.currency_code)}</Table.Cell>
              <Table.Cell>{when(c.created_at)}</Table.Cell>
            </Table.Row>
          ))}
        </Table.Body>
      </Table>
      {count > limit && (
        <div className="flex items-center justify-end gap-x-2 pt-2">
          <Text size="xsmall" className="text-ui-fg-subtle">
            {offset + 1}–{Math.min(offset + limit, count)} of {count}
          </Text>
          <Button size="small" variant="secondary" disabled={offset === 0} onClick={() => onPage(Math.max(0, offset - limit))}>Previous</Button>
          <Button size="small" variant="secondary" disabled={offset + limit >= count} onClick={() => onPage(offset + limit)}>Next</Button>
        </div>
      )}
    </div>
  )
}

function LinksAndRefunds({ activity }: { activity: CustomerActivity }) {
  if (!activity.payment_links.length && !activity.refunds.length) return null
  return (
    <div className="flex flex-col gap-y-2 px-6 py-4">
      {activity.payment_links.length > 0 && <Text size="small" weight="plus">Open payment links</Text>}
      {activity.payment_links.map((l) => (
        <div key={l.id} className="flex items-center justify-between" data-testid="omni-customer-link">
          <Text size="small">
            {formatMinor(l.amount, l.currency_code)} · expires {when(l.expires_at)}
            {l.order_id ? " · order " : ""}
            {l.order_id && <OrderLink orderId={l.order_id} displayId={null} />}
          </Text>
          <Badge color="orange">Open</Badge>
        </div>
      ))}
      {activity.refunds.length > 0 && <Text size="small" weight="plus">Recent refunds</Text>}
      {activity.refunds.map((r) => (
        <div key={r.id} className="flex items-center justify-between" data-testid="omni-customer-refund">
          <Text size="small">
            {formatMinor(r.amount, r.currency_code)} · {methodName(r.method)} · {channelName(r.channel)} · {when(r.created_at)} · order{" "}
            <OrderLink orderId={r.order_id} displayId={r.order_display_id} />
          </Text>
          <Badge color={r.status === "succeeded" ? "green" : "grey"}>{r.status === "succeeded" ? "Refunded" : "Pending"}</Badge>
        </div>
      ))}
    </div>
  )
}

/**
 * On Medusa's customer page: what the customer bought in every channel (web shop, tills,
 * payment links), per currency and channel, the cards they kept and where each was used,
 * their purchases linking to the orders, open links and refunds.
 */
const CustomerAcrossChannelsWidget = ({ data: customer }: DetailWidgetProps<AdminCustomer>) => {
  const [offset, setOffset] = useState(0)
  const { data: activity, error } = useCustomerActivity(customer.id, { limit: PAGE, offset })

  if (error) {
    return (
      <Container>
        <Text size="small" className="text-ui-fg-error">Activity across channels could not be loaded: {error.message}</Text>
      </Container>
    )
  }
  if (!activity) return null
  return (
    <Container className="divide-y p-0" data-testid="omni-customer-widget">
      <div className="px-6 py-4">
        <Heading level="h2">Across channels</Heading>
        <Text size="small" className="text-ui-fg-subtle">Online, in store and by payment link, from the orders of this customer.</Text>
      </div>
      <Totals totals={activity.totals} />
      <Cards cards={activity.cards} />
      <Purchases activity={activity} onPage={setOffset} />
      <LinksAndRefunds activity={activity} />
    </Container>
  )
}

export const config = defineWidgetConfig({ zone: "customer.details.after" })

export default CustomerAcrossChannelsWidget
