import { Badge, Container, Heading, Table, Text } from "@medusajs/ui"
import { formatMinor } from "../../money/display"
import type { Chain } from "../lib/api"
import { channelName, methodName } from "../lib/operation-words"
import { ChainActions } from "./chain-actions"
import { ChainTimeline } from "./chain-timeline"

/** The CRM token with its middle hidden: enough to recognise a card, not to copy it. */
export const maskToken = (token: string | null) => (token ? `${token.slice(0, 6)}${"•".repeat(Math.max(0, token.length - 10))}${token.slice(-4)}` : "—")

/** Paid and refunded per channel or per tender, one row per key (test id `${testId}-${key}`). */
function PaidRefundedTable(props: {
  tableTestId: string
  testId: string
  columns: [string, string, string]
  rows: Partial<Record<string, { paid: number; refunded: number }>>
  name: (key: string) => string
  money: (minor: number) => string
}) {
  return (
    <Table data-testid={props.tableTestId}>
      <Table.Header>
        <Table.Row>
          {props.columns.map((c) => (
            <Table.HeaderCell key={c}>{c}</Table.HeaderCell>
          ))}
        </Table.Row>
      </Table.Header>
      <Table.Body>
        {Object.entries(props.rows).map(([key, c]) => (
          <Table.Row key={key} data-testid={`${props.testId}-${key}`}>
            <Table.Cell>{props.name(key)}</Table.Cell>
            <Table.Cell>{props.money(c?.paid ?? 0)}</Table.Cell>
            <Table.Cell>{props.money(c?.refunded ?? 0)}</Table.Cell>
          </Table.Row>
        ))}
      </Table.Body>
    </Table>
  )
}

/** One chain: payment id, totals per channel, the timeline of every operation, and the actions. */
export function ChainPanel({ chain, orderId }: { chain: Chain; orderId: string }) {
  const money = (minor: number) => formatMinor(minor, chain.currency_code)
  const t = chain.totals
  return (
    <Container className="divide-y p-0" data-testid={`omni-chain-${chain.payment_id}`}>
      <div className="flex items-center justify-between px-6 py-4">
        <div>
          <Heading level="h2">Omnichannel payment</Heading>
          <Text size="small" className="text-ui-fg-subtle">
            Payment id <span data-testid="omni-payment-id" className="font-mono">{chain.payment_id}</span> · Card{" "}
            <span data-testid="omni-crm-token" className="font-mono">{maskToken(chain.crm_token)}</span>
          </Text>
        </div>
        <Badge color={chain.cof_consent ? "green" : "grey"}>{chain.cof_consent ? "Card kept" : "Card not kept"}</Badge>
      </div>

      <div className="grid grid-cols-5 gap-4 px-6 py-4" data-testid="omni-totals">
        {[
          // Held on the card, not captured yet: why an authorized order owes nothing.
          ["Authorized", t.authorized, "authorized"],
          ["Paid", t.paid, "paid"],
          ["Refunded", t.refunded, "refunded"],
          ["Paid out", t.paid_out, "paid-out"],
          ["Refundable", t.refundable, "refundable"],
        ].map(([label, value, id]) => (
          <div key={id as string}>
            <Text size="xsmall" className="text-ui-fg-subtle">{label}</Text>
            <Text weight="plus" data-testid={`omni-total-${id}`}>{money(value as number)}</Text>
          </div>
        ))}
      </div>

      <div className="px-6 py-4">
        <Text size="small" weight="plus">By channel</Text>
        <Text size="xsmall" className="text-ui-fg-subtle mb-2">Where each payment or refund was made (a refund made here in the admin counts as online).</Text>
        <PaidRefundedTable
          tableTestId="omni-by-channel"
          testId="omni-channel"
          columns={["Channel", "Paid here", "Refunded here"]}
          rows={t.by_channel}
          name={channelName}
          money={money}
        />
      </div>

      <div className="px-6 py-4">
        <Text size="small" weight="plus" className="mb-2">By tender</Text>
        <PaidRefundedTable
          tableTestId="omni-by-method"
          testId="omni-method"
          columns={["Tender", "Paid with it", "Refunded as it"]}
          rows={t.by_method ?? {}}
          name={methodName}
          money={money}
        />
      </div>

      <div className="px-6 py-4">
        <Text size="small" weight="plus" className="mb-2">Timeline</Text>
        <ChainTimeline chain={chain} />
      </div>

      <ChainActions chain={chain} orderId={orderId} />
    </Container>
  )
}
