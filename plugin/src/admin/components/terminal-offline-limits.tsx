import { useState } from "react"
import { Button, Drawer, Input, Label, Text, toast } from "@medusajs/ui"
import { CURRENCY_EXPONENTS } from "../../money/currencies"
import { formatMinor, parseMajorInput } from "../../money/display"
import type { OfflineLimits, Terminal } from "../lib/api"
import { errorInWords } from "../lib/error-words"
import { useTerminalMutations } from "../lib/page-queries"

/** "50.00 EUR each, 200.00 EUR pending, 24 h" or "None": what a row of the Terminals table shows. */
export function offlineLimitsInWords(offline: OfflineLimits | null | undefined): string {
  if (!offline) return "None"
  const { max_payment, max_total, max_hours, currency_code } = offline
  return `${formatMinor(max_payment, currency_code)} each, ${formatMinor(max_total, currency_code)} pending, ${max_hours} h`
}

const majorText = (minor: number | undefined, currency: string) => (minor === undefined ? "" : formatMinor(minor, currency).split(" ")[0])

/**
 * Sets or removes a till's offline limits (DESIGN 7.2): the till enforces them while it has no
 * network and reads them from GET /pos/terminal; the store flags a forwarded payment beyond them.
 * Amounts are typed in major units and sent in minor units.
 */
export function TerminalOfflineLimits({ terminal }: { terminal: Terminal }) {
  const { update } = useTerminalMutations()
  const [open, setOpen] = useState(false)
  const [currency, setCurrency] = useState("EUR")
  const [maxPayment, setMaxPayment] = useState("")
  const [maxTotal, setMaxTotal] = useState("")
  const [maxHours, setMaxHours] = useState("")
  const [error, setError] = useState<string | null>(null)

  const start = (isOpen: boolean) => {
    setOpen(isOpen)
    if (!isOpen) return
    const current = terminal.offline
    const code = current?.currency_code ?? "EUR"
    setCurrency(code)
    setMaxPayment(majorText(current?.max_payment, code))
    setMaxTotal(majorText(current?.max_total, code))
    setMaxHours(current ? String(current.max_hours) : "24")
    setError(null)
  }

  const send = (offline: OfflineLimits | null, done: string) => {
    setError(null)
    update.mutate(
      { id: terminal.id, body: { offline } },
      {
        onSuccess: () => {
          toast.success(done)
          setOpen(false)
        },
        onError: (err) => setError(errorInWords("terminal", err)),
      }
    )
  }

  const save = () => {
    const code = currency.trim().toUpperCase()
    if (!(code in CURRENCY_EXPONENTS)) return setError("Enter an ISO 4217 currency code, e.g. EUR.")
    const max_payment = parseMajorInput(maxPayment, code)
    const max_total = parseMajorInput(maxTotal, code)
    const max_hours = Number(maxHours)
    if (max_payment === null) return setError(`Enter the largest single payment in ${code}.`)
    if (max_total === null) return setError(`Enter the most the till may hold pending, in ${code}.`)
    if (max_payment > max_total) return setError("The largest single payment cannot be more than the total.")
    if (!Number.isInteger(max_hours) || max_hours <= 0) return setError("Enter a whole number of hours.")
    send({ max_payment, max_total, max_hours, currency_code: code }, `Offline limits of ${terminal.name} saved`)
  }

  return (
    <Drawer open={open} onOpenChange={start}>
      <Drawer.Trigger asChild>
        <Button size="small" variant="secondary" data-testid="omni-terminal-offline-edit">
          Offline limits
        </Button>
      </Drawer.Trigger>
      <Drawer.Content data-testid="omni-offline-drawer">
        <Drawer.Header>
          <Drawer.Title>Offline limits of {terminal.name}</Drawer.Title>
          <Drawer.Description>
            While it has no network the till approves cards on its own, up to these limits. A payment forwarded beyond them is still
            recorded, and flagged.
          </Drawer.Description>
        </Drawer.Header>
        <Drawer.Body className="flex flex-col gap-y-4">
          <div>
            <Label htmlFor="omni-offline-currency">Currency</Label>
            <Input id="omni-offline-currency" value={currency} onChange={(e) => setCurrency(e.target.value)} maxLength={3} data-testid="omni-offline-currency" />
          </div>
          <div>
            <Label htmlFor="omni-offline-max-payment">Largest single payment</Label>
            <Input id="omni-offline-max-payment" value={maxPayment} onChange={(e) => setMaxPayment(e.target.value)} placeholder="50.00" data-testid="omni-offline-max-payment" />
          </div>
          <div>
            <Label htmlFor="omni-offline-max-total">Most pending at once</Label>
            <Input id="omni-offline-max-total" value={maxTotal} onChange={(e) => setMaxTotal(e.target.value)} placeholder="500.00" data-testid="omni-offline-max-total" />
          </div>
          <div>
            <Label htmlFor="omni-offline-max-hours">Hours to forward a payment</Label>
            <Input id="omni-offline-max-hours" type="number" min={1} value={maxHours} onChange={(e) => setMaxHours(e.target.value)} data-testid="omni-offline-max-hours" />
          </div>
          {error && (
            <Text size="small" className="text-ui-fg-error" data-testid="omni-offline-error">{error}</Text>
          )}
        </Drawer.Body>
        <Drawer.Footer>
          {terminal.offline && (
            <Button
              size="small"
              variant="danger"
              disabled={update.isPending}
              onClick={() => send(null, `Offline limits of ${terminal.name} removed`)}
              data-testid="omni-offline-clear"
            >
              Remove limits
            </Button>
          )}
          <Button size="small" onClick={save} isLoading={update.isPending} data-testid="omni-offline-save">
            Save
          </Button>
        </Drawer.Footer>
      </Drawer.Content>
    </Drawer>
  )
}
