import { useState } from "react"
import { Badge, Button, Container, Copy, Heading, Input, Label, Select, Table, Text } from "@medusajs/ui"
import { errorInWords } from "../lib/error-words"
import { useStockLocations, useTerminalMutations, useTerminals } from "../lib/page-queries"
import { offlineLimitsInWords, TerminalOfflineLimits } from "./terminal-offline-limits"

/** Tills: create one (its secret shown once, to copy into the till), set its offline limits, rotate its secret, deactivate it. */
export function TerminalsSection() {
  const terminals = useTerminals().data?.terminals ?? []
  const locations = useStockLocations().data?.stock_locations ?? []
  const { create, rotateSecret, deactivate } = useTerminalMutations()
  const [name, setName] = useState("")
  const [location, setLocation] = useState("")
  const [webhook, setWebhook] = useState("")
  const [shownSecret, setShownSecret] = useState<{ terminal: string; secret: string } | null>(null)
  const [error, setError] = useState<string | null>(null)

  const locationName = (id: string) => locations.find((l) => l.id === id)?.name ?? id
  // Every action's refusal shows in the same place; starting another action clears it.
  const showError = { onError: (err: Error) => setError(errorInWords("terminal", err)) }

  return (
    <Container className="divide-y p-0" data-testid="omni-terminals">
      <div className="px-6 py-4">
        <Heading level="h2">Terminals</Heading>
        <Text size="small" className="text-ui-fg-subtle">The tills allowed to send sales, refunds and stock events.</Text>
      </div>
      {shownSecret && (
        <div className="bg-ui-bg-highlight flex flex-col gap-y-1 px-6 py-4" data-testid="omni-secret-once">
          <Text size="small" weight="plus">Secret of {shownSecret.terminal}: copy it into the till now, it will not be shown again.</Text>
          <div className="flex items-center gap-x-2">
            <code className="break-all font-mono text-xs" data-testid="omni-secret-value">{shownSecret.secret}</code>
            <Copy content={shownSecret.secret} data-testid="omni-secret-copy" />
          </div>
          <Button size="small" variant="secondary" className="self-start" onClick={() => setShownSecret(null)} data-testid="omni-secret-done">
            I have copied it
          </Button>
        </div>
      )}
      <form
        className="grid grid-cols-4 items-end gap-3 px-6 py-4"
        onSubmit={(e) => {
          e.preventDefault()
          setError(null)
          create.mutate(
            { name, stock_location_id: location, ...(webhook ? { webhook_url: webhook } : {}) },
            {
              ...showError,
              onSuccess: (created) => {
                setShownSecret({ terminal: created.terminal.name, secret: created.secret })
                setName("")
                setWebhook("")
              },
            }
          )
        }}
      >
        <div>
          <Label htmlFor="omni-terminal-name">Name</Label>
          <Input id="omni-terminal-name" value={name} onChange={(e) => setName(e.target.value)} data-testid="omni-terminal-name" />
        </div>
        <div>
          <Label>Stock location</Label>
          <Select value={location} onValueChange={setLocation}>
            <Select.Trigger data-testid="omni-terminal-location">
              <Select.Value placeholder="Choose" />
            </Select.Trigger>
            <Select.Content>
              {locations.map((l) => (
                <Select.Item key={l.id} value={l.id}>{l.name}</Select.Item>
              ))}
            </Select.Content>
          </Select>
        </div>
        <div>
          <Label htmlFor="omni-terminal-webhook">Webhook URL (optional)</Label>
          <Input id="omni-terminal-webhook" value={webhook} onChange={(e) => setWebhook(e.target.value)} placeholder="https://pos.example.com/hook" />
        </div>
        <Button size="small" type="submit" disabled={!name || !location} data-testid="omni-terminal-create">
          Create terminal
        </Button>
      </form>
      {error && (
        <Text size="small" className="text-ui-fg-error px-6 py-2" data-testid="omni-terminal-error">{error}</Text>
      )}
      <Table>
        <Table.Header>
          <Table.Row>
            <Table.HeaderCell>Name</Table.HeaderCell>
            <Table.HeaderCell>Location</Table.HeaderCell>
            <Table.HeaderCell>Webhook</Table.HeaderCell>
            <Table.HeaderCell>Offline limits</Table.HeaderCell>
            <Table.HeaderCell>Status</Table.HeaderCell>
            <Table.HeaderCell />
          </Table.Row>
        </Table.Header>
        <Table.Body>
          {terminals.map((t) => (
            <Table.Row key={t.id} data-testid="omni-terminal-row">
              <Table.Cell>
                {t.name}
                <div className="text-ui-fg-muted font-mono text-xs">{t.id}</div>
              </Table.Cell>
              <Table.Cell>{locationName(t.stock_location_id)}</Table.Cell>
              <Table.Cell className="max-w-[200px] truncate">{t.webhook_url ?? "—"}</Table.Cell>
              <Table.Cell data-testid="omni-terminal-offline">{offlineLimitsInWords(t.offline)}</Table.Cell>
              <Table.Cell>
                <Badge size="2xsmall" color={t.deactivated_at ? "grey" : "green"}>{t.deactivated_at ? "deactivated" : "active"}</Badge>
              </Table.Cell>
              <Table.Cell className="flex gap-x-2">
                {!t.deactivated_at && (
                  <>
                    <TerminalOfflineLimits terminal={t} />
                    <Button
                      size="small"
                      variant="secondary"
                      onClick={() => {
                        setError(null)
                        rotateSecret.mutate(t.id, { ...showError, onSuccess: ({ secret }) => setShownSecret({ terminal: t.name, secret }) })
                      }}
                    >
                      Rotate secret
                    </Button>
                    <Button size="small" variant="danger" onClick={() => {
                        setError(null)
                        deactivate.mutate(t.id, showError)
                      }}>
                      Deactivate
                    </Button>
                  </>
                )}
              </Table.Cell>
            </Table.Row>
          ))}
        </Table.Body>
      </Table>
    </Container>
  )
}
