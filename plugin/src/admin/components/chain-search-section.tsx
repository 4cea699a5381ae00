import { useState, type FormEvent } from "react"
import { Button, Container, Heading, Input, Table, Text } from "@medusajs/ui"
import { errorInWords } from "../lib/error-words"
import { channelName } from "../lib/operation-words"
import { useChainSearch } from "../lib/search-export"
import { maskToken } from "./chain-panel"

/**
 * Find a purchase by its payment id, the card's CRM token, or the card's BIN and last 4
 * (123456****1234, as receipts print it); each match opens its order, where its chain is shown.
 */
export function ChainSearchSection() {
  const [text, setText] = useState("")
  const [q, setQ] = useState("")
  const { data, error, isFetching } = useChainSearch(q)
  const submit = (e: FormEvent) => {
    e.preventDefault()
    setQ(text.trim())
  }

  return (
    <Container className="divide-y p-0" data-testid="omni-search">
      <div className="flex flex-col gap-y-3 px-6 py-4">
        <Heading level="h2">Find a purchase</Heading>
        <form className="flex gap-x-2" onSubmit={submit}>
          <Input
            className="max-w-md"
            placeholder="Payment id, CRM token, or 123456****1234"
            value={text}
            onChange={(e) => setText(e.target.value)}
            aria-label="Payment id, CRM token, or BIN and last 4"
            data-testid="omni-search-input"
          />
          <Button type="submit" variant="secondary" size="small" isLoading={isFetching} data-testid="omni-search-submit">
            Search
          </Button>
        </form>
      </div>
      {q && error && (
        <Text size="small" className="text-ui-fg-error px-6 py-4" data-testid="omni-search-error">
          {errorInWords("search", error)}
        </Text>
      )}
      {q && !error && data && data.chains.length === 0 && (
        <Text size="small" className="text-ui-fg-subtle px-6 py-4" data-testid="omni-search-empty">No purchase matches.</Text>
      )}
      {q && !error && data && data.chains.length > 0 && (
        <Table data-testid="omni-search-results">
          <Table.Header>
            <Table.Row>
              <Table.HeaderCell>Payment id</Table.HeaderCell>
              <Table.HeaderCell>Started</Table.HeaderCell>
              <Table.HeaderCell>First channel</Table.HeaderCell>
              <Table.HeaderCell>Card</Table.HeaderCell>
              <Table.HeaderCell>Order</Table.HeaderCell>
            </Table.Row>
          </Table.Header>
          <Table.Body>
            {data.chains.map((c) => (
              <Table.Row key={c.id} data-testid={`omni-search-result-${c.payment_id}`}>
                <Table.Cell className="font-mono text-xs">{c.payment_id}</Table.Cell>
                <Table.Cell>{new Date(c.created_at).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" })}</Table.Cell>
                <Table.Cell>{channelName(c.origin_channel)} · {c.currency_code}</Table.Cell>
                <Table.Cell className="font-mono text-xs">{maskToken(c.crm_token)}</Table.Cell>
                <Table.Cell>
                  {c.order_id ? (
                    <a className="text-ui-fg-interactive" href={`/app/orders/${c.order_id}`} data-testid="omni-search-order">
                      Open order
                    </a>
                  ) : (
                    "—"
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
