import { useMemo } from "react"
import { Container, Heading, Table, Text } from "@medusajs/ui"
import { formatMinor } from "../../money/display"
import type { ReportRow } from "../lib/api"
import { useChannelReport } from "../lib/page-queries"
import { channelName } from "../lib/operation-words"

const COLORS = ["#3b82f6", "#10b981", "#f59e0b", "#8b5cf6", "#ef4444", "#14b8a6", "#64748b"]
const CHART_HEIGHT = 160

/** Sales and refunds by channel and day, with the refund rate; a bar chart of daily sales per channel. */
export function ChannelReport({ days = 14 }: { days?: number }) {
  const { data } = useChannelReport(days)

  // One chart per currency: amounts in different currencies are never added up.
  const byCurrency = useMemo(() => {
    const map = new Map<string, ReportRow[]>()
    for (const r of data?.rows ?? []) map.set(r.currency_code, [...(map.get(r.currency_code) ?? []), r])
    return [...map.entries()]
  }, [data])

  return (
    <Container className="divide-y p-0" data-testid="omni-report">
      <div className="px-6 py-4">
        <Heading level="h2">Sales by channel, last {days} days</Heading>
      </div>
      {byCurrency.length === 0 && <Text size="small" className="text-ui-fg-subtle px-6 py-4">No sales yet.</Text>}
      {byCurrency.map(([currency, list]) => {
        const channels = [...new Set(list.map((r) => r.channel))]
        const daysShown = [...new Set(list.map((r) => r.day))].sort()
        const max = Math.max(1, ...list.map((r) => r.sales))
        const groupWidth = Math.max(24, channels.length * 14 + 10)
        return (
          <div key={currency} className="flex flex-col gap-y-3 px-6 py-4">
            <Text size="small" weight="plus">{currency}</Text>
            <svg width={daysShown.length * groupWidth + 40} height={CHART_HEIGHT + 30} role="img" aria-label={`Daily sales in ${currency} by channel`} data-testid={`omni-chart-${currency}`}>
              {daysShown.map((day, d) =>
                channels.map((channel, c) => {
                  const row = list.find((r) => r.day === day && r.channel === channel)
                  const h = row ? Math.round((row.sales / max) * CHART_HEIGHT) : 0
                  return (
                    <rect key={`${day}-${channel}`} x={20 + d * groupWidth + c * 14} y={CHART_HEIGHT - h} width={12} height={h} fill={COLORS[c % COLORS.length]}>
                      <title>{`${day} ${channelName(channel)}: ${formatMinor(row?.sales ?? 0, currency)}`}</title>
                    </rect>
                  )
                })
              )}
              {daysShown.map((day, d) => (
                <text key={day} x={20 + d * groupWidth} y={CHART_HEIGHT + 18} fontSize="10" fill="currentColor">{day.slice(5)}</text>
              ))}
            </svg>
            <div className="flex gap-x-4">
              {channels.map((channel, c) => (
                <Text key={channel} size="xsmall"><span style={{ color: COLORS[c % COLORS.length] }}>■</span> {channelName(channel)}</Text>
              ))}
            </div>
            <Table>
              <Table.Header>
                <Table.Row>
                  <Table.HeaderCell>Day</Table.HeaderCell>
                  <Table.HeaderCell>Channel</Table.HeaderCell>
                  <Table.HeaderCell>Sales</Table.HeaderCell>
                  <Table.HeaderCell>Refunds</Table.HeaderCell>
                  <Table.HeaderCell>Refund rate</Table.HeaderCell>
                </Table.Row>
              </Table.Header>
              <Table.Body>
                {list.map((r) => (
                  <Table.Row key={`${r.day}-${r.channel}`} data-testid="omni-report-row">
                    <Table.Cell>{r.day}</Table.Cell>
                    <Table.Cell>{channelName(r.channel)}</Table.Cell>
                    <Table.Cell>{formatMinor(r.sales, currency)}</Table.Cell>
                    <Table.Cell>{formatMinor(r.refunds, currency)}</Table.Cell>
                    <Table.Cell>{r.refund_rate === null ? "—" : `${(r.refund_rate * 100).toFixed(1)} %`}</Table.Cell>
                  </Table.Row>
                ))}
              </Table.Body>
            </Table>
          </div>
        )
      })}
    </Container>
  )
}
