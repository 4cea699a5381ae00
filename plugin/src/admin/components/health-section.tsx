import { useState } from "react"
import { Badge, Button, Container, Heading, Table, Text } from "@medusajs/ui"
import { formatMinor } from "../../money/display"
import type { Health, HealthWindow } from "../lib/api"
import { useHealth } from "../lib/page-queries"
import { channelName } from "../lib/operation-words"

const BAR_WIDTH = 220

const percent = (rate: number | null) => (rate === null ? "—" : `${(rate * 100).toFixed(1)} %`)
// The sandbox answers in-process, under a millisecond.
const ms = (v: number | null) => (v === null ? "—" : v === 0 ? "< 1 ms" : `${v} ms`)
// Below 90 % approvals is worth a look; below 75 % something is wrong.
const rateColor = (rate: number | null) => (rate === null ? "grey" : rate >= 0.9 ? "green" : rate >= 0.75 ? "orange" : "red")
const BAR_FILL = { green: "#10b981", orange: "#f59e0b", red: "#ef4444", grey: "#94a3b8" } as const

/** A horizontal bar: a share of `max`, with its label beside it. */
function Bar({ value, max, color, label }: { value: number; max: number; color: string; label: string }) {
  const w = max > 0 ? Math.max(2, Math.round((value / max) * BAR_WIDTH)) : 0
  return (
    <svg width={BAR_WIDTH + 70} height={14} role="img" aria-label={label}>
      <rect x={0} y={2} width={BAR_WIDTH} height={10} fill="#e5e7eb" rx={2} />
      <rect x={0} y={2} width={w} height={10} fill={color} rx={2} />
      <text x={BAR_WIDTH + 6} y={11} fontSize="10" fill="currentColor">{label}</text>
    </svg>
  )
}

/**
 * How payments are going, straight from the ledger (no Prometheus needed): approval rate and
 * decline reasons per channel, the acquirer's latency, what the tills had refused, what is
 * still pending and which notifications have not reached their terminal.
 */
export function HealthSection() {
  const [window, setWindow] = useState<HealthWindow>("24h")
  const { data, error } = useHealth(window)
  const health = data?.health ?? null

  const maxReason = Math.max(1, ...(health?.decline_reasons.map((r) => r.count) ?? []))
  const undelivered = health?.terminal_notifications ?? []

  return (
    <Container className="divide-y p-0" data-testid="omni-health">
      <div className="flex items-center justify-between px-6 py-4">
        <div>
          <Heading level="h2">Health</Heading>
          <Text size="small" className="text-ui-fg-subtle">Payments, acquirer and tills over the last {window === "24h" ? "24 hours" : "7 days"}.</Text>
        </div>
        <div className="flex gap-x-2">
          {(["24h", "7d"] as const).map((w) => (
            <Button key={w} size="small" variant={w === window ? "primary" : "secondary"} onClick={() => setWindow(w)} data-testid={`omni-health-window-${w}`}>
              {w === "24h" ? "24 h" : "7 d"}
            </Button>
          ))}
        </div>
      </div>
      {error && <Text size="small" className="text-ui-fg-error px-6 py-4">Could not load the health view: {error.message}</Text>}
      {health && (
        <>
          <div className="flex flex-col gap-y-2 px-6 py-4" data-testid="omni-health-approvals">
            <Text size="small" weight="plus">Approval rate by channel</Text>
            {health.channels.length === 0 && <Text size="small" className="text-ui-fg-subtle">No payments in this window.</Text>}
            {health.channels.map((c) => (
              <div key={c.channel} className="flex items-center gap-x-3" data-testid="omni-health-channel">
                <Text size="small" className="w-28">{channelName(c.channel)}</Text>
                <Bar value={c.approved} max={c.approved + c.declined + c.failed} color={BAR_FILL[rateColor(c.approval_rate)]} label={percent(c.approval_rate)} />
                <Text size="xsmall" className="text-ui-fg-subtle" data-testid="omni-health-channel-counts">
                  {c.approved} approved · {c.declined} declined · {c.failed} failed{c.pending ? ` · ${c.pending} pending` : ""}
                </Text>
              </div>
            ))}
          </div>

          {window === "7d" && health.daily.length > 0 && <DailyApprovals daily={health.daily} />}

          <div className="flex flex-col gap-y-2 px-6 py-4" data-testid="omni-health-declines">
            <Text size="small" weight="plus">Decline reasons</Text>
            {health.decline_reasons.length === 0 ? (
              <Text size="small" className="text-ui-fg-subtle">No declines.</Text>
            ) : (
              health.decline_reasons.map((r) => (
                <div key={`${r.channel}-${r.reason}`} className="flex items-center gap-x-3" data-testid="omni-health-decline">
                  <Text size="small" className="w-28">{channelName(r.channel)}</Text>
                  <Text size="small" className="w-48 font-mono text-xs">{r.reason}</Text>
                  <Bar value={r.count} max={maxReason} color={BAR_FILL.red} label={String(r.count)} />
                </div>
              ))
            )}
          </div>

          <div className="flex flex-col gap-y-2 px-6 py-4" data-testid="omni-health-acquirer">
            <Text size="small" weight="plus">Acquirer</Text>
            <div className="flex gap-x-8">
              <Text size="small">p50 <span data-testid="omni-health-p50">{ms(health.acquirer.p50_ms)}</span></Text>
              <Text size="small">p95 <span data-testid="omni-health-p95">{ms(health.acquirer.p95_ms)}</span></Text>
              <Text size="small">{health.acquirer.calls} calls</Text>
              <Text size="small">{health.acquirer.errors} not successful ({health.acquirer.unavailable} unanswered)</Text>
            </div>
            {health.acquirer.by_call.length > 0 && (
              <Table>
                <Table.Header>
                  <Table.Row>
                    <Table.HeaderCell>Call</Table.HeaderCell>
                    <Table.HeaderCell>Calls</Table.HeaderCell>
                    <Table.HeaderCell>Not successful</Table.HeaderCell>
                    <Table.HeaderCell>p50</Table.HeaderCell>
                    <Table.HeaderCell>p95</Table.HeaderCell>
                  </Table.Row>
                </Table.Header>
                <Table.Body>
                  {health.acquirer.by_call.map((c) => (
                    <Table.Row key={c.call}>
                      <Table.Cell>{c.call.replace(/_/g, " ")}</Table.Cell>
                      <Table.Cell>{c.calls}</Table.Cell>
                      <Table.Cell>{c.errors}</Table.Cell>
                      <Table.Cell>{ms(c.p50_ms)}</Table.Cell>
                      <Table.Cell>{ms(c.p95_ms)}</Table.Cell>
                    </Table.Row>
                  ))}
                </Table.Body>
              </Table>
            )}
          </div>

          <div className="flex flex-col gap-y-2 px-6 py-4" data-testid="omni-health-tills">
            <Text size="small" weight="plus">Till requests refused, by terminal</Text>
            {health.till_ingestion.length === 0 ? (
              <Text size="small" className="text-ui-fg-subtle">No till requests in this window.</Text>
            ) : (
              health.till_ingestion.map((t) => (
                <div key={t.terminal_id} className="flex items-center gap-x-3" data-testid="omni-health-till">
                  <Text size="small" className="w-40">{t.terminal_name ?? t.terminal_id}</Text>
                  <Bar value={t.refused} max={t.requests} color={BAR_FILL.red} label={`${t.refused} of ${t.requests}`} />
                  <Text size="xsmall" className="font-mono text-xs">{t.refusals.map((r) => `${r.code} ×${r.count}`).join(", ")}</Text>
                </div>
              ))
            )}
          </div>

          <div className="flex flex-col gap-y-2 px-6 py-4" data-testid="omni-health-pending">
            <Text size="small" weight="plus">
              Operations pending: <span data-testid="omni-health-pending-count">{health.pending_operations.count}</span>
            </Text>
            {health.pending_operations.oldest.map((o) => (
              <Text key={o.id} size="xsmall" className="text-ui-fg-subtle">
                {new Date(o.created_at).toLocaleString()} · {o.type} · {channelName(o.channel)} · {formatMinor(o.amount, o.currency_code)} · <span className="font-mono">{o.payment_id}</span>
              </Text>
            ))}
          </div>

          <div className="flex flex-col gap-y-2 px-6 py-4" data-testid="omni-health-notifications">
            <Text size="small" weight="plus">Notifications not delivered</Text>
            {undelivered.length === 0 && health.emails_failed === 0 ? (
              <Text size="small" className="text-ui-fg-subtle">Everything was delivered.</Text>
            ) : (
              <>
                {undelivered.map((n) => (
                  <div key={`${n.terminal_id}-${n.status}`} className="flex items-center gap-x-3" data-testid="omni-health-undelivered">
                    <Text size="small" className="w-40">{n.terminal_name ?? n.terminal_id}</Text>
                    <Badge size="2xsmall" color={n.status === "dead" ? "red" : "orange"}>{n.status === "dead" ? "given up" : "retrying"}</Badge>
                    <Text size="small">{n.count} since {new Date(n.oldest_at).toLocaleString()}</Text>
                  </div>
                ))}
                {health.emails_failed > 0 && <Text size="small">{health.emails_failed} emails Medusa could not send</Text>}
              </>
            )}
            {health.open_stock_discrepancies > 0 && (
              <Text size="small" className="text-ui-fg-subtle">{health.open_stock_discrepancies} stock levels below zero wait for a count (see Stock to check).</Text>
            )}
          </div>
        </>
      )}
    </Container>
  )
}

const DAY_HEIGHT = 80

/** Approval rate per day and channel: one column per channel each day, its height the rate. */
function DailyApprovals({ daily }: { daily: Health["daily"] }) {
  const days = [...new Set(daily.map((d) => d.day))].sort()
  const channels = [...new Set(daily.map((d) => d.channel))].sort()
  const group = channels.length * 12 + 14
  return (
    <div className="flex flex-col gap-y-2 px-6 py-4" data-testid="omni-health-daily">
      <Text size="small" weight="plus">Approval rate by day</Text>
      <svg width={days.length * group + 20} height={DAY_HEIGHT + 24} role="img" aria-label="Approval rate by day and channel">
        {days.map((day, d) =>
          channels.map((channel, c) => {
            const row = daily.find((r) => r.day === day && r.channel === channel)
            if (!row || row.approval_rate === null) return null
            const h = Math.max(2, Math.round(row.approval_rate * DAY_HEIGHT))
            return (
              <rect key={`${day}-${channel}`} x={10 + d * group + c * 12} y={DAY_HEIGHT - h} width={10} height={h} fill={BAR_FILL[rateColor(row.approval_rate)]}>
                <title>{`${day} ${channelName(channel)}: ${percent(row.approval_rate)} (${row.approved} approved, ${row.declined} declined, ${row.failed} failed)`}</title>
              </rect>
            )
          })
        )}
        {days.map((day, d) => (
          <text key={day} x={10 + d * group} y={DAY_HEIGHT + 16} fontSize="10" fill="currentColor">{day.slice(5)}</text>
        ))}
      </svg>
      <Text size="xsmall" className="text-ui-fg-subtle">Columns in each day: {channels.map(channelName).join(", ")}.</Text>
    </div>
  )
}
