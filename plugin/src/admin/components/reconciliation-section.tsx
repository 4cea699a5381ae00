import { useState } from "react"
import { Badge, Button, Container, Heading, Table, Text } from "@medusajs/ui"
import { formatMinor } from "../../money/display"
import type { ReconciliationDifference } from "../lib/api"
import { errorInWords } from "../lib/error-words"
import { useReconciliation, useReconciliations, useRunReconciliation } from "../lib/page-queries"

const KIND_WORDS: Record<string, string> = {
  order_paid_mismatch: "Paid differs from the order",
  order_refunded_mismatch: "Refunded differs from the order",
  chain_without_order: "Money taken, no order",
  operation_stuck: "Operation stuck",
  acquirer_captured_mismatch: "Captured differs at the acquirer",
  acquirer_refunded_mismatch: "Refunded differs at the acquirer",
  acquirer_payment_unknown: "Payment unknown to the acquirer",
}

const STATUS_COLOR = { running: "orange", completed: "green", failed: "red" } as const

const amount = (value: number | null, currency: string | null) => (value === null ? "—" : currency ? formatMinor(value, currency) : String(value))

/**
 * The daily comparison of every payment with Medusa's orders and the acquirer's records
 * (also run here on demand): the last runs, and what the chosen one found.
 */
export function ReconciliationSection() {
  const runs = useReconciliations().data?.reconciliations ?? []
  // The run the admin chose, else the newest.
  const [chosenId, setChosenId] = useState<string | null>(null)
  const selected = useReconciliation(chosenId ?? runs[0]?.id).data?.reconciliation ?? null
  const runReconciliation = useRunReconciliation()
  const [error, setError] = useState<string | null>(null)

  const runNow = () => {
    setError(null)
    runReconciliation.mutate(undefined, {
      onSuccess: ({ reconciliation }) => setChosenId(reconciliation.id),
      onError: (err) => setError(errorInWords("reconciliation", err)),
    })
  }

  const differences: ReconciliationDifference[] = selected?.differences ?? []
  return (
    <Container className="divide-y p-0" data-testid="omni-reconciliation">
      <div className="flex items-start justify-between px-6 py-4">
        <div>
          <Heading level="h2">Reconciliation</Heading>
          <Text size="small" className="text-ui-fg-subtle">
            Every payment of the last 7 days against Medusa's orders and the acquirer's records; runs daily at 03:30.
          </Text>
        </div>
        <Button size="small" variant="secondary" onClick={runNow} isLoading={runReconciliation.isPending} data-testid="omni-reconciliation-run">
          Run reconciliation now
        </Button>
      </div>
      {error && (
        <Text size="small" className="text-ui-fg-error px-6 py-2" data-testid="omni-reconciliation-error">{error}</Text>
      )}
      {runs.length === 0 ? (
        <Text size="small" className="text-ui-fg-subtle px-6 py-4">No reconciliation has run yet.</Text>
      ) : (
        <Table>
          <Table.Header>
            <Table.Row>
              <Table.HeaderCell>Started</Table.HeaderCell>
              <Table.HeaderCell>By</Table.HeaderCell>
              <Table.HeaderCell>Status</Table.HeaderCell>
              <Table.HeaderCell>Payments checked</Table.HeaderCell>
              <Table.HeaderCell>At the acquirer</Table.HeaderCell>
              <Table.HeaderCell>Differences</Table.HeaderCell>
            </Table.Row>
          </Table.Header>
          <Table.Body>
            {runs.map((r) => (
              <Table.Row
                key={r.id}
                data-testid="omni-reconciliation-row"
                className={r.id === selected?.id ? "bg-ui-bg-highlight cursor-pointer" : "cursor-pointer"}
                onClick={() => setChosenId(r.id)}
              >
                <Table.Cell>{new Date(r.created_at).toLocaleString()}</Table.Cell>
                <Table.Cell>{r.trigger === "schedule" ? "daily job" : "admin"}</Table.Cell>
                <Table.Cell>
                  <Badge size="2xsmall" color={STATUS_COLOR[r.status]}>{r.status}</Badge>
                </Table.Cell>
                <Table.Cell>{r.chains_checked}</Table.Cell>
                <Table.Cell>
                  {r.acquirer_checked}
                  {r.acquirer_unavailable > 0 && <span className="text-ui-fg-muted"> ({r.acquirer_unavailable} could not be asked)</span>}
                </Table.Cell>
                <Table.Cell data-testid="omni-reconciliation-count">{r.differences_count}</Table.Cell>
              </Table.Row>
            ))}
          </Table.Body>
        </Table>
      )}
      {selected && (
        <div className="px-6 py-4" data-testid="omni-reconciliation-result">
          <Text size="small" weight="plus" data-testid="omni-reconciliation-summary">
            {selected.status === "failed"
              ? `This run failed: ${selected.error ?? "see the server log"}`
              : differences.length === 0
                ? `No differences: ${selected.chains_checked} payments agree with Medusa's orders and the acquirer.`
                : `${differences.length} difference${differences.length === 1 ? "" : "s"} found in ${selected.chains_checked} payments:`}
          </Text>
        </div>
      )}
      {differences.length > 0 && (
        <Table>
          <Table.Header>
            <Table.Row>
              <Table.HeaderCell>What</Table.HeaderCell>
              <Table.HeaderCell>Payment id</Table.HeaderCell>
              <Table.HeaderCell>Order</Table.HeaderCell>
              <Table.HeaderCell>Store says</Table.HeaderCell>
              <Table.HeaderCell>Other side</Table.HeaderCell>
              <Table.HeaderCell>In words</Table.HeaderCell>
            </Table.Row>
          </Table.Header>
          <Table.Body>
            {differences.map((d) => (
              <Table.Row key={d.id} data-testid="omni-reconciliation-difference" data-kind={d.kind}>
                <Table.Cell className="whitespace-nowrap">
                  <Badge size="2xsmall" color="red">{KIND_WORDS[d.kind] ?? d.kind}</Badge>
                </Table.Cell>
                <Table.Cell className="font-mono text-xs">{d.payment_id ?? "—"}</Table.Cell>
                <Table.Cell>
                  {d.order_id ? <a className="text-ui-fg-interactive" href={`/app/orders/${d.order_id}`}>{d.order_id}</a> : "—"}
                </Table.Cell>
                <Table.Cell>{amount(d.expected, d.currency_code)}</Table.Cell>
                <Table.Cell>{amount(d.actual, d.currency_code)}</Table.Cell>
                <Table.Cell className="max-w-[420px] whitespace-normal">{d.message}</Table.Cell>
              </Table.Row>
            ))}
          </Table.Body>
        </Table>
      )}
    </Container>
  )
}
