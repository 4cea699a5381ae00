import { useState } from "react"
import { Badge, Button, Container, Copy, Heading, Input, Label, Table, Text, toast, usePrompt } from "@medusajs/ui"
import { formatMinor, parseMajorInput } from "../../money/display"
import { errorInWords } from "../lib/error-words"
import { useOrderPaymentLinks, usePaymentLinkMutations, useTerminalName } from "../lib/order-queries"
import type { PaymentLink } from "../lib/payment-links-api"

// getRandomValues, not randomUUID: the admin may be served over plain http, where randomUUID is missing.
const newKey = () => `admin-link-${Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, "0")).join("")}`

const STATUS_COLOR = { open: "orange", paid: "green", expired: "grey", canceled: "red" } as const
const DEFAULT_HOURS = "72"

// The SDK keeps the status and the server's message (which names the field or the amount still owed).
const WORDS: Record<string, Record<number, string>> = {
  "payment request": {
    409: "This request is still being made: wait a moment, then check the list below.",
    422: "The order does not owe that much (or nothing any more).",
  },
  cancel: { 409: "The link was paid or closed in the meantime." },
}
const inWords = (action: string, err: unknown) => {
  const e = err as { status?: number; message?: string }
  const words = e?.status ? WORDS[action]?.[e.status] : undefined
  return words ? `${words} (${e.message})` : errorInWords(action, err)
}

const date = (iso: string) => new Date(iso).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" })
const when = (link: PaymentLink) =>
  link.status === "paid" && link.paid_at
    ? `paid ${date(link.paid_at)}`
    : link.status === "canceled"
      ? `requested ${date(link.created_at)}`
      : `${link.status === "expired" ? "expired" : "expires"} ${date(link.expires_at)}`

/** The amount as typed in the form: major units without the currency, e.g. "59.90". */
const majorText = (minor: number, currency: string) => formatMinor(minor, currency).split(" ")[0]

/**
 * Pay by link on the order page: ask the customer to pay what the order still owes through a
 * link (emailed, or copied from here), and follow or cancel the links already sent.
 * `orderOwed` is the chain's `totals.order_owed` when the order has a chain: what the order owes
 * after captures, live authorizations and links being paid, so a card authorized for the total
 * leaves nothing to ask again. Without it, the links route's own `outstanding`.
 */
export function PaymentLinksSection({ orderId, email, orderOwed }: { orderId: string; email: string | null; orderOwed: number | null }) {
  const { data, error: loadError } = useOrderPaymentLinks(orderId)
  const mutations = usePaymentLinkMutations(orderId)
  const tillName = useTerminalName()
  const [open, setOpen] = useState(false)
  const [amount, setAmount] = useState("")
  const [hours, setHours] = useState(DEFAULT_HOURS)
  const [customerEmail, setCustomerEmail] = useState("")
  const [note, setNote] = useState("")
  const [created, setCreated] = useState<PaymentLink | null>(null)
  const [error, setError] = useState<string | null>(null)
  // One key per request: a resubmit after a lost answer gets the link already made, not a second email.
  const [key, setKey] = useState(newKey)
  const prompt = usePrompt()

  const links = data?.payment_links ?? []
  const owed = orderOwed ?? data?.outstanding.amount ?? 0
  const currency = data?.outstanding.currency_code ?? ""

  const start = () => {
    setOpen(true)
    setAmount(majorText(owed, currency))
    setHours(DEFAULT_HOURS)
    setCustomerEmail(email ?? "")
    setNote("")
    setCreated(null)
    setError(null)
    setKey(newKey())
  }

  const submit = () => {
    const minor = parseMajorInput(amount, currency)
    if (minor === null) return setError(`Enter an amount in ${currency}, e.g. ${majorText(owed, currency)}.`)
    if (minor > owed) return setError(`At most ${formatMinor(owed, currency)} is still owed on this order.`)
    const expiresIn = Number(hours)
    if (!Number.isInteger(expiresIn) || expiresIn <= 0) return setError("The link expires after a whole number of hours, e.g. 72.")
    setError(null)
    const body = {
      amount: minor,
      currency_code: currency,
      expires_in_hours: expiresIn,
      ...(customerEmail.trim() ? { customer_email: customerEmail.trim() } : {}),
      ...(note.trim() ? { note: note.trim() } : {}),
    }
    mutations.create.mutate(
      { key, body },
      {
        onSuccess: ({ payment_link }) => {
          setCreated(payment_link)
          setOpen(false)
          toast.success(`Payment link for ${formatMinor(payment_link.amount, payment_link.currency_code)} created`)
        },
        onError: (err) => {
          setError(inWords("payment request", err))
          // A refusal is the key's final answer: the corrected request needs its own key.
          const status = (err as { status?: number }).status
          if (status && status < 500) setKey(newKey())
        },
      }
    )
  }

  const cancel = async (link: PaymentLink) => {
    const confirmed = await prompt({
      title: "Cancel this payment link?",
      description: `The customer will no longer be able to pay ${formatMinor(link.amount, link.currency_code)} with it.`,
      confirmText: "Cancel link",
      cancelText: "Keep it",
    })
    if (!confirmed) return
    mutations.cancel.mutate(link.id, {
      onSuccess: () => toast.success("Payment link canceled"),
      onError: (err) => toast.error(inWords("cancel", err)),
      onSettled: () => {
        if (created?.id === link.id) setCreated(null)
      },
    })
  }

  if (loadError) {
    return (
      <Container>
        <Text size="small" className="text-ui-fg-error">Payment links could not be loaded: {loadError.message}</Text>
      </Container>
    )
  }
  if (!data) return null

  return (
    <Container className="divide-y p-0" data-testid="omni-payment-links">
      <div className="flex items-center justify-between gap-x-4 px-6 py-4">
        <div>
          <Heading level="h2">Payment links</Heading>
          <Text size="small" className="text-ui-fg-subtle">
            Still owed on this order: <span data-testid="omni-outstanding">{formatMinor(owed, currency)}</span>
          </Text>
        </div>
        <div className="flex flex-col items-end gap-y-1">
          <Button size="small" variant="secondary" onClick={start} disabled={owed <= 0 || open} data-testid="omni-request-payment">
            Request payment
          </Button>
          {owed <= 0 && (
            <Text size="xsmall" className="text-ui-fg-subtle" data-testid="omni-request-payment-reason">Nothing is owed on this order.</Text>
          )}
        </div>
      </div>

      {open && (
        <form
          className="flex flex-col gap-y-2 px-6 py-4"
          data-testid="omni-link-form"
          onSubmit={(e) => {
            e.preventDefault()
            submit()
          }}
        >
          <Text size="small" weight="plus">Request payment</Text>
          <div className="grid grid-cols-2 gap-3">
            <div className="flex flex-col gap-y-1">
              <Label htmlFor="omni-link-amount">Amount ({currency}), at most {formatMinor(owed, currency)}</Label>
              <Input id="omni-link-amount" value={amount} onChange={(e) => setAmount(e.target.value)} data-testid="omni-link-amount" />
            </div>
            <div className="flex flex-col gap-y-1">
              <Label htmlFor="omni-link-hours">Expires in (hours)</Label>
              <Input id="omni-link-hours" type="number" min={1} value={hours} onChange={(e) => setHours(e.target.value)} data-testid="omni-link-hours" />
            </div>
            <div className="flex flex-col gap-y-1">
              <Label htmlFor="omni-link-email">Email the link to</Label>
              <Input id="omni-link-email" type="email" value={customerEmail} onChange={(e) => setCustomerEmail(e.target.value)} data-testid="omni-link-email" />
            </div>
            <div className="flex flex-col gap-y-1">
              <Label htmlFor="omni-link-note">Note to the customer (optional)</Label>
              <Input id="omni-link-note" value={note} onChange={(e) => setNote(e.target.value)} data-testid="omni-link-note" />
            </div>
          </div>
          {error && (
            <Text size="small" className="text-ui-fg-error" data-testid="omni-link-error">{error}</Text>
          )}
          <div className="flex gap-x-2">
            <Button size="small" type="submit" isLoading={mutations.create.isPending} data-testid="omni-link-submit">Create link</Button>
            <Button size="small" variant="transparent" type="button" onClick={() => setOpen(false)}>Cancel</Button>
          </div>
        </form>
      )}

      {created && (
        <div className="bg-ui-bg-highlight flex flex-col gap-y-1 px-6 py-4" data-testid="omni-link-created">
          <Text size="small" weight="plus">
            Link for {formatMinor(created.amount, created.currency_code)}
            {created.customer_email ? `, emailed to ${created.customer_email}` : ""}: the customer pays by card with it. Copy it to send it another way.
          </Text>
          <div className="flex items-center gap-x-2">
            <code className="break-all font-mono text-xs" data-testid="omni-link-url">{created.url}</code>
            <Copy content={created.url} data-testid="omni-link-copy" />
          </div>
        </div>
      )}

      {links.length === 0 ? (
        <Text size="small" className="text-ui-fg-subtle px-6 py-4">No payment link was requested for this order.</Text>
      ) : (
        <Table>
          <Table.Header>
            <Table.Row>
              <Table.HeaderCell>Amount</Table.HeaderCell>
              <Table.HeaderCell>Status</Table.HeaderCell>
              <Table.HeaderCell>When</Table.HeaderCell>
              <Table.HeaderCell>Customer</Table.HeaderCell>
              <Table.HeaderCell />
            </Table.Row>
          </Table.Header>
          <Table.Body>
            {links.map((link) => (
              <Table.Row key={link.id} data-testid="omni-link-row" data-link-id={link.id}>
                <Table.Cell>
                  {formatMinor(link.amount, link.currency_code)}
                  <div className="text-ui-fg-muted text-xs">
                    {link.origin === "pos" ? `from till ${link.terminal_id ? tillName(link.terminal_id) : ""}` : "from the admin"}
                    {link.note ? ` · ${link.note}` : ""}
                  </div>
                </Table.Cell>
                <Table.Cell>
                  <Badge size="2xsmall" color={STATUS_COLOR[link.status]} data-testid="omni-link-status">{link.status}</Badge>
                </Table.Cell>
                <Table.Cell>{when(link)}</Table.Cell>
                <Table.Cell>{link.customer_email ?? "—"}</Table.Cell>
                <Table.Cell>
                  {link.status === "open" && (
                    <div className="flex items-center justify-end gap-x-2">
                      <Copy content={link.url} />
                      <Button size="small" variant="secondary" onClick={() => cancel(link)} data-testid="omni-link-cancel">
                        Cancel
                      </Button>
                    </div>
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
