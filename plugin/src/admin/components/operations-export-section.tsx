import { useState } from "react"
import { Button, Container, Heading, Input, Label, Select, Text } from "@medusajs/ui"
import { channelName, methodName } from "../lib/operation-words"
import { useTerminals } from "../lib/page-queries"
import { exportUrl, type ExportFilters } from "../lib/search-export"

const CHANNELS = ["online", "in_store", "mobile_app", "kiosk", "phone", "pay_by_link", "marketplace"]
const METHODS = ["card", "cash", "gift_card", "store_credit", "external"]
const ALL = "all"
const DAY = 86_400_000
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10)

/** What stops an export before it is asked for (the server refuses the same, 400). */
function problemOf(f: ExportFilters): string | null {
  if (!f.from || !f.to) return "Choose both dates."
  if (f.from > f.to) return "The start date is after the end date."
  if ((Date.parse(f.to) - Date.parse(f.from)) / DAY + 1 > 366) return "An export covers at most 366 days."
  return null
}

/**
 * Every operation of the dates chosen (UTC, both days included) as a CSV file for the
 * accountant or a CRM, narrowed by channel, tender and till: the browser downloads the export.
 */
export function OperationsExportSection() {
  const terminals = useTerminals()
  const [filters, setFilters] = useState<ExportFilters>({ from: day(Date.now() - 30 * DAY), to: day(Date.now()), channel: "", method: "", terminal_id: "" })
  const set = (key: keyof ExportFilters) => (value: string) => setFilters((f) => ({ ...f, [key]: value === ALL ? "" : value }))
  const problem = problemOf(filters)

  const choice = (key: "channel" | "method" | "terminal_id", label: string, options: [string, string][]) => (
    <div className="flex flex-col gap-y-1">
      <Label size="xsmall">{label}</Label>
      <Select value={filters[key] || ALL} onValueChange={set(key)}>
        <Select.Trigger data-testid={`omni-export-${key}`}>
          <Select.Value />
        </Select.Trigger>
        <Select.Content>
          <Select.Item value={ALL}>All</Select.Item>
          {options.map(([value, name]) => (
            <Select.Item key={value} value={value}>{name}</Select.Item>
          ))}
        </Select.Content>
      </Select>
    </div>
  )

  return (
    <Container className="flex flex-col gap-y-3 px-6 py-4" data-testid="omni-export">
      <Heading level="h2">Export operations</Heading>
      <div className="flex flex-wrap items-end gap-3">
        <div className="flex flex-col gap-y-1">
          <Label size="xsmall">From</Label>
          <Input type="date" value={filters.from} onChange={(e) => set("from")(e.target.value)} data-testid="omni-export-from" />
        </div>
        <div className="flex flex-col gap-y-1">
          <Label size="xsmall">To</Label>
          <Input type="date" value={filters.to} onChange={(e) => set("to")(e.target.value)} data-testid="omni-export-to" />
        </div>
        {choice("channel", "Channel", CHANNELS.map((c) => [c, channelName(c)]))}
        {choice("method", "Tender", METHODS.map((m) => [m, methodName(m)]))}
        {choice("terminal_id", "Till", (terminals.data?.terminals ?? []).map((t) => [t.id, t.name]))}
        {problem ? (
          <Button variant="secondary" size="small" disabled data-testid="omni-export-button">Export</Button>
        ) : (
          <Button variant="secondary" size="small" asChild data-testid="omni-export-button">
            <a href={exportUrl(filters)} download>Export</a>
          </Button>
        )}
      </div>
      <Text size="xsmall" className={problem ? "text-ui-fg-error" : "text-ui-fg-subtle"} data-testid="omni-export-hint">
        {problem ?? "A CSV file: one row per operation, amounts in the currency's decimals, dates in UTC."}
      </Text>
    </Container>
  )
}
