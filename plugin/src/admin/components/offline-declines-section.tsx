import { Badge, Button, Container, Heading, Table, Text, toast } from "@medusajs/ui"
import { formatMinor } from "../../money/display"
import { errorInWords } from "../lib/error-words"
import type { OfflinePayment } from "../lib/offline-payments-api"
import { useTerminalName } from "../lib/order-queries"
import { useOfflinePayments, useSendLinkAgain } from "../lib/page-queries"

// getRandomValues, not randomUUID: the admin may be served over plain http, where randomUUID is missing.
const newKey = () => `admin-resend-${Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, "0")).join("")}`

const LINK_COLOR = { open: "orange", paid: "green", expired: "grey", canceled: "red" } as const
const LINK_WORDS = { open: "Link sent, not paid yet", paid: "Paid by link", expired: "Link expired", canceled: "Link canceled" } as const

/** The terminal's offline limits a payment went beyond (it was recorded anyway: the goods had left). */
const FLAG_WORDS: Record<string, string> = {
  over_max_payment: "over the till's per-payment limit",
  over_max_total: "over the till's offline total",
  over_max_hours: "forwarded after the till's time limit",
}

const date = (iso: string | null) => (iso ? new Date(iso).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" }) : "—")

function OrderLink({ orderId }: { orderId: string | null }) {
  if (!orderId) return <>—</>
  return (
    <a className="text-ui-fg-interactive font-mono text-xs" href={`/app/orders/${orderId}`} data-testid="omni-offline-order">
      {orderId}
    </a>
  )
}

/**
 * Card payments a till approved while offline: those the bank declined after the sale (with
 * the payment link the customer was sent, and "Send link again"), then those still awaiting
 * the till's outcome, overdue once the terminal's max_hours have passed.
 */
export function OfflineDeclinesSection() {
  const declined = useOfflinePayments("declined")
  const pending = useOfflinePayments("pending")
  const sendAgain = useSendLinkAgain()
  const tillName = useTerminalName()

  const resend = (p: OfflinePayment) => {
    if (!p.payment_link) return
    sendAgain.mutate(
      { linkId: p.payment_link.id, key: newKey() },
      {
        onSuccess: ({ email }) =>
          email.status === "sent" ? toast.success(`Payment link sent again to ${email.to}`) : toast.error(`The email to ${email.to} could not be sent: try again later.`),
        onError: (err) => toast.error(errorInWords("re-send", err)),
      }
    )
  }

  const declinedRows = declined.data?.offline_payments ?? []
  const pendingRows = pending.data?.offline_payments ?? []
  const atRisk = pendingRows.reduce<Record<string, number>>((sums, p) => ({ ...sums, [p.currency_code]: (sums[p.currency_code] ?? 0) + p.amount }), {})

  return (
    <Container className="divide-y p-0" data-testid="omni-offline-declines">
      <div className="px-6 py-4">
        <Heading level="h2">Declined after the sale</Heading>
        <Text size="small" className="text-ui-fg-subtle">
          Card payments a till approved while offline that the bank declined later. The order owes the amount again; the customer is sent a payment link when
          their email is known.
        </Text>
      </div>
      {declined.error ? (
        <Text size="small" className="text-ui-fg-error px-6 py-4">Could not be loaded: {declined.error.message}</Text>
      ) : declinedRows.length === 0 ? (
        <Text size="small" className="text-ui-fg-subtle px-6 py-4" data-testid="omni-offline-declines-empty">None: no offline card payment was declined.</Text>
      ) : (
        <Table>
          <Table.Header>
            <Table.Row>
              <Table.HeaderCell>Amount</Table.HeaderCell>
              <Table.HeaderCell>Order</Table.HeaderCell>
              <Table.HeaderCell>Customer</Table.HeaderCell>
              <Table.HeaderCell>Declined</Table.HeaderCell>
              <Table.HeaderCell>Recovery link</Table.HeaderCell>
              <Table.HeaderCell />
            </Table.Row>
          </Table.Header>
          <Table.Body>
            {declinedRows.map((p) => (
              <Table.Row key={p.operation_id} data-testid="omni-offline-decline-row" data-operation-id={p.operation_id}>
                <Table.Cell data-testid="omni-offline-amount">{formatMinor(p.amount, p.currency_code)}</Table.Cell>
                <Table.Cell>
                  <OrderLink orderId={p.order_id} />
                </Table.Cell>
                <Table.Cell data-testid="omni-offline-customer">{p.customer?.email ?? "Unknown: no link could be sent"}</Table.Cell>
                <Table.Cell>
                  {date(p.declined_at)}
                  <div className="text-ui-fg-muted text-xs">
                    {p.reason ?? "no reason given"}
                    {p.terminal_id ? ` · till ${tillName(p.terminal_id)}` : ""}
                  </div>
                </Table.Cell>
                <Table.Cell>
                  {p.payment_link ? (
                    <>
                      <Badge size="2xsmall" color={LINK_COLOR[p.payment_link.status]} data-testid="omni-offline-link-status" data-status={p.payment_link.status}>
                        {LINK_WORDS[p.payment_link.status]}
                      </Badge>
                      <div className="text-ui-fg-muted text-xs" data-testid="omni-offline-link-sent">
                        emailed {p.payment_link.emails_sent}×{p.payment_link.last_sent_at ? `, last ${date(p.payment_link.last_sent_at)}` : ""}
                      </div>
                    </>
                  ) : (
                    <Text size="xsmall" className="text-ui-fg-subtle">No link</Text>
                  )}
                </Table.Cell>
                <Table.Cell>
                  {p.payment_link?.status === "open" && p.payment_link.customer_email && (
                    <Button
                      size="small"
                      variant="secondary"
                      onClick={() => resend(p)}
                      isLoading={sendAgain.isPending && sendAgain.variables?.linkId === p.payment_link.id}
                      data-testid="omni-offline-resend"
                    >
                      Send link again
                    </Button>
                  )}
                </Table.Cell>
              </Table.Row>
            ))}
          </Table.Body>
        </Table>
      )}

      <div className="px-6 py-4">
        <Text size="small" weight="plus">Awaiting the till's outcome</Text>
        <Text size="small" className="text-ui-fg-subtle" data-testid="omni-offline-at-risk">
          {pendingRows.length === 0
            ? "None: every offline card payment has its outcome."
            : `${pendingRows.length} approved offline, ${Object.entries(atRisk).map(([c, a]) => formatMinor(a, c)).join(" + ")} at risk until the till reports them.`}
        </Text>
      </div>
      {pendingRows.length > 0 && (
        <Table data-testid="omni-offline-pending">
          <Table.Header>
            <Table.Row>
              <Table.HeaderCell>Sold</Table.HeaderCell>
              <Table.HeaderCell>Amount</Table.HeaderCell>
              <Table.HeaderCell>Order</Table.HeaderCell>
              <Table.HeaderCell>Till · reference</Table.HeaderCell>
              <Table.HeaderCell>Outcome</Table.HeaderCell>
            </Table.Row>
          </Table.Header>
          <Table.Body>
            {pendingRows.map((p) => (
              <Table.Row key={p.operation_id} data-testid="omni-offline-pending-row" data-operation-id={p.operation_id}>
                <Table.Cell>{date(p.occurred_at)}</Table.Cell>
                <Table.Cell>{formatMinor(p.amount, p.currency_code)}</Table.Cell>
                <Table.Cell>
                  <OrderLink orderId={p.order_id} />
                </Table.Cell>
                <Table.Cell className="text-xs">
                  {p.terminal_id ? tillName(p.terminal_id) : "—"} · <span className="font-mono">{p.acquirer_reference ?? "—"}</span>
                  {p.flags.length > 0 && <div className="text-ui-fg-error" data-testid="omni-offline-flags">{p.flags.map((f) => FLAG_WORDS[f] ?? f).join(", ")}</div>}
                </Table.Cell>
                <Table.Cell>
                  {p.overdue ? (
                    <Badge size="2xsmall" color="red" data-testid="omni-offline-overdue">Overdue since {date(p.outcome_due_at)}</Badge>
                  ) : (
                    <Badge size="2xsmall" color="orange">Expected by {date(p.outcome_due_at)}</Badge>
                  )}
                </Table.Cell>
              </Table.Row>
            ))}
          </Table.Body>
        </Table>
      )}
    </Container>
  )
}
