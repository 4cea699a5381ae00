import { Badge, Container, Heading, Table, Text } from "@medusajs/ui"
import { formatMinor } from "../../money/display"
import type { Chain } from "../lib/api"
import { ChainActions } from "./chain-actions"

const CHANNEL_NAMES: Record<string, string> = {
  online: "Online",
  in_store: "In store",
  mobile_app: "Mobile app",
  kiosk: "Kiosk",
  phone: "Phone",
  pay_by_link: "Payment link",
  marketplace: "Marketplace",
}
const STATUS_COLOR = { succeeded: "green", pending: "orange", failed: "red" } as const

export const channelName = (channel: string) => CHANNEL_NAMES[channel] ?? channel

const METHOD_NAMES: Record<string, string> = {
  card: "Card",
  cash: "Cash",
  gift_card: "Gift card",
  store_credit: "Store credit",
  external: "Other tender",
}
export const methodName = (method: string) => METHOD_NAMES[method] ?? method

/** The tender as a person reads it: "Cash (50.00 EUR given, 20.00 EUR change)", "Gift card ****0001", "Other tender: Ticket Restaurant". */
function tenderWords(op: Chain["operations"][number], money: (minor: number) => string) {
  const m = op.metadata ?? {}
  if (op.method === "cash" && typeof m.tendered === "number") return `Cash (${money(m.tendered)} given, ${money(Number(m.change ?? 0))} change)`
  if (op.method === "gift_card" && m.gift_card_code) return `Gift card ${m.gift_card_code}`
  if (op.method === "external" && m.label) return `${methodName(op.method)}: ${m.label}`
  return methodName(op.method ?? "card")
}

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
export function ChainPanel({ chain, onChanged }: { chain: Chain; onChanged: () => void }) {
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

      <div className="grid grid-cols-4 gap-4 px-6 py-4" data-testid="omni-totals">
        {[
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
        <ol className="flex flex-col gap-y-2" data-testid="omni-timeline">
          {chain.operations.map((op) => (
            <li key={op.id} className="flex items-center justify-between gap-x-4" data-testid="omni-operation">
              <div>
                <Text size="small" weight="plus">
                  {op.type}
                  {op.authorization_mode ? ` (${op.authorization_mode})` : ""} · {money(op.amount)} ·{" "}
                  <span data-testid="omni-operation-tender">{tenderWords(op, money)}</span>
                </Text>
                <Text size="xsmall" className="text-ui-fg-subtle">
                  {new Date(op.created_at).toLocaleString()} · <span data-testid="omni-operation-channel">{channelName(op.channel)}</span>
                  {op.terminal_id ? ` · terminal ${op.terminal_id}` : ""}
                  {op.reference ? ` · ref ${op.reference}` : ""}
                  {op.error_code ? ` · ${op.error_code}` : ""}
                </Text>
              </div>
              <Badge size="2xsmall" color={STATUS_COLOR[op.status]}>{op.status}</Badge>
            </li>
          ))}
        </ol>
      </div>

      <ChainActions chain={chain} onDone={onChanged} />
    </Container>
  )
}
