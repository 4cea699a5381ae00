import { Badge, Container, Heading, Table, Text } from "@medusajs/ui"
import { formatMinor } from "../../money/display"
import { useDiscrepancies, useIngestions, usePendingPayments } from "../lib/page-queries"

const OUTCOME_COLOR = { ingested: "green", refused: "red", in_progress: "orange" } as const

const WAITING_FOR = { customer_authentication: "Customer's 3-D Secure", acquirer_answer: "Acquirer's answer" } as const

/** Online card payments not settled yet: the settle job asks the acquirer about them every minute. */
export function PendingPaymentsSection() {
  const rows = usePendingPayments().data?.pending_payments ?? []
  return (
    <Container className="divide-y p-0" data-testid="omni-pending-payments">
      <div className="px-6 py-4">
        <Heading level="h2">Payments waiting</Heading>
        <Text size="small" className="text-ui-fg-subtle">Settled from the acquirer's word within minutes; given up after an hour.</Text>
      </div>
      {rows.length === 0 ? (
        <Text size="small" className="text-ui-fg-subtle px-6 py-4">None: every online payment is settled.</Text>
      ) : (
        <Table>
          <Table.Header>
            <Table.Row>
              <Table.HeaderCell>Since</Table.HeaderCell>
              <Table.HeaderCell>Payment id</Table.HeaderCell>
              <Table.HeaderCell>Amount</Table.HeaderCell>
              <Table.HeaderCell>Waiting for</Table.HeaderCell>
            </Table.Row>
          </Table.Header>
          <Table.Body>
            {rows.map((p) => (
              <Table.Row key={p.operation_id} data-testid="omni-pending-payment-row">
                <Table.Cell>{new Date(p.created_at).toLocaleString()}</Table.Cell>
                <Table.Cell className="font-mono text-xs">{p.payment_id}</Table.Cell>
                <Table.Cell>{formatMinor(p.amount, p.currency_code)}</Table.Cell>
                <Table.Cell>
                  <Badge size="2xsmall" color="orange">{WAITING_FOR[p.waiting_for]}</Badge>
                </Table.Cell>
              </Table.Row>
            ))}
          </Table.Body>
        </Table>
      )}
    </Container>
  )
}

/** The last sales the tills sent and what became of them: an order, or the refusal and why. */
export function IngestionsSection() {
  const rows = useIngestions().data?.ingestions ?? []
  return (
    <Container className="divide-y p-0" data-testid="omni-ingestions">
      <div className="px-6 py-4">
        <Heading level="h2">Recent POS sales</Heading>
      </div>
      {rows.length === 0 ? (
        <Text size="small" className="text-ui-fg-subtle px-6 py-4">No sale from a till yet.</Text>
      ) : (
        <Table>
          <Table.Header>
            <Table.Row>
              <Table.HeaderCell>Received</Table.HeaderCell>
              <Table.HeaderCell>Terminal · sale</Table.HeaderCell>
              <Table.HeaderCell>Outcome</Table.HeaderCell>
              <Table.HeaderCell>Order / reason</Table.HeaderCell>
            </Table.Row>
          </Table.Header>
          <Table.Body>
            {rows.map((r) => (
              <Table.Row key={r.id} data-testid="omni-ingestion-row">
                <Table.Cell>{new Date(r.created_at).toLocaleString()}</Table.Cell>
                <Table.Cell className="font-mono text-xs">{r.key}</Table.Cell>
                <Table.Cell>
                  <Badge size="2xsmall" color={OUTCOME_COLOR[r.outcome]}>{r.outcome}</Badge>
                </Table.Cell>
                <Table.Cell>
                  {r.order_id ? <a className="text-ui-fg-interactive" href={`/app/orders/${r.order_id}`}>{r.order_id}</a> : `${r.code ?? ""} ${r.message ?? ""}`}
                </Table.Cell>
              </Table.Row>
            ))}
          </Table.Body>
        </Table>
      )}
    </Container>
  )
}

/** Levels a till sale took below zero: goods sold that Medusa did not think were there. */
export function DiscrepanciesSection() {
  const rows = useDiscrepancies().data?.discrepancies ?? []
  return (
    <Container className="divide-y p-0" data-testid="omni-discrepancies">
      <div className="px-6 py-4">
        <Heading level="h2">Stock discrepancies</Heading>
        <Text size="small" className="text-ui-fg-subtle">Shown until a count at the till, or any change bringing the level back to zero or more.</Text>
      </div>
      {rows.length === 0 ? (
        <Text size="small" className="text-ui-fg-subtle px-6 py-4">None: every level is at zero or above.</Text>
      ) : (
        <Table>
          <Table.Header>
            <Table.Row>
              <Table.HeaderCell>SKU</Table.HeaderCell>
              <Table.HeaderCell>Location</Table.HeaderCell>
              <Table.HeaderCell>Level after</Table.HeaderCell>
              <Table.HeaderCell>Sale</Table.HeaderCell>
              <Table.HeaderCell>When</Table.HeaderCell>
            </Table.Row>
          </Table.Header>
          <Table.Body>
            {rows.map((d) => (
              <Table.Row key={d.id} data-testid="omni-discrepancy-row">
                <Table.Cell>{d.sku}</Table.Cell>
                <Table.Cell className="font-mono text-xs">{d.stock_location_id}</Table.Cell>
                <Table.Cell>{d.level_after}</Table.Cell>
                <Table.Cell>{d.reference ?? "—"}</Table.Cell>
                <Table.Cell>{new Date(d.applied_at).toLocaleString()}</Table.Cell>
              </Table.Row>
            ))}
          </Table.Body>
        </Table>
      )}
    </Container>
  )
}
