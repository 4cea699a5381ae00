import { useState } from "react"
import { Button, Input, Label, Select, Text, toast } from "@medusajs/ui"
import { formatMinor, parseMajorInput } from "../../money/display"
import type { Chain } from "../lib/api"
import { errorInWords } from "../lib/error-words"
import { channelName, modeWords } from "../lib/operation-words"
import { useChainAction, type ChainAction } from "../lib/order-queries"

const capitalized = (words: string) => words.charAt(0).toUpperCase() + words.slice(1)

type Action = "refund" | "payout" | "subsequent payment"
const MODES = ["SALE", "FINAL_AUTHORIZATION", "PRE_AUTHORIZATION"]
// Cash goes back only at a till; the admin refunds to the card or in kind.
const REFUND_KINDS = [
  ["card", "To the card"],
  ["store_credit", "As store credit"],
  ["gift_card", "As a new gift card"],
] as const

/**
 * Refund (up to what is refundable), payout (with a reason) and subsequent payment (with a
 * mode). After each, Medusa's order sections and the widget are refetched together.
 */
export function ChainActions({ chain, orderId }: { chain: Chain; orderId: string }) {
  const chainAction = useChainAction(chain.payment_id, orderId)
  const [open, setOpen] = useState<Action | null>(null)
  const [amount, setAmount] = useState("")
  const [text, setText] = useState("")
  const [choice, setChoice] = useState("")
  const [kind, setKind] = useState("card")
  const [issued, setIssued] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  const currency = chain.currency_code
  // Only a card the customer agreed to keep can be charged again.
  const canChargeAgain = chain.cof_consent && chain.card !== null
  const channels = Object.entries(chain.totals.by_channel)
    .filter(([, totals]) => (totals?.paid ?? 0) > 0)
    .map(([channel]) => channel)

  const start = (action: Action) => {
    setOpen(action)
    setAmount("")
    setText("")
    setChoice(action === "subsequent payment" ? "SALE" : "")
    setKind("card")
    setIssued(null)
    setError(null)
  }

  const submit = () => {
    const minor = parseMajorInput(amount, currency)
    if (minor === null) return setError(`Enter an amount in ${currency}, e.g. ${formatMinor(1250, currency).split(" ")[0]}.`)
    if (open === "refund" && minor > chain.totals.refundable)
      return setError(`At most ${formatMinor(chain.totals.refundable, currency)} can still be refunded.`)
    if (open !== "subsequent payment" && !text.trim()) return setError(open === "refund" ? "Give the refund a reference." : "Give the payout a reason.")
    const action = open!
    const request: ChainAction =
      action === "refund"
        ? {
            action,
            body: { amount: minor, currency_code: currency, reference: text.trim(), method: kind, ...(choice ? { prefer_channel: choice } : {}) },
          }
        : action === "payout"
          ? { action, body: { amount: minor, currency_code: currency, reason: text.trim() } }
          : { action, body: { amount: minor, currency_code: currency, authorization_mode: choice } }
    setError(null)
    chainAction.mutate(request, {
      onSuccess: (answer) => {
        // The code is the customer's money: shown once, for the admin to hand over.
        if (answer.gift_card) setIssued(answer.gift_card.code)
        toast.success(`${capitalized(action)} of ${formatMinor(minor, currency)} done`)
        setOpen(null)
      },
      onError: (err) => setError(errorInWords(action, err)),
    })
  }

  return (
    <div className="flex flex-col gap-y-3 px-6 py-4">
      <div className="flex gap-x-2">
        <Button size="small" variant="secondary" onClick={() => start("refund")} disabled={chain.totals.refundable <= 0} data-testid="omni-open-refund">
          Refund
        </Button>
        <Button size="small" variant="secondary" onClick={() => start("payout")} data-testid="omni-open-payout">
          Payout
        </Button>
        {canChargeAgain && (
          <Button size="small" variant="secondary" onClick={() => start("subsequent payment")} data-testid="omni-open-subsequent">
            Charge the card again
          </Button>
        )}
      </div>
      {issued && (
        <Text size="small" data-testid="omni-issued-gift-card">
          Gift card issued: <span className="font-mono">{issued}</span> (give this code to the customer)
        </Text>
      )}
      {open && (
        <form
          className="flex flex-col gap-y-2"
          data-testid="omni-action-form"
          onSubmit={(e) => {
            e.preventDefault()
            submit()
          }}
        >
          <Text size="small" weight="plus" className="capitalize">{open}</Text>
          <Label htmlFor="omni-amount">Amount ({currency}){open === "refund" ? `, at most ${formatMinor(chain.totals.refundable, currency)}` : ""}</Label>
          <Input id="omni-amount" value={amount} onChange={(e) => setAmount(e.target.value)} data-testid="omni-amount" />
          {open !== "subsequent payment" && (
            <>
              <Label htmlFor="omni-text">{open === "refund" ? "Reference (return id, receipt…)" : "Reason"}</Label>
              <Input id="omni-text" value={text} onChange={(e) => setText(e.target.value)} data-testid="omni-text" />
            </>
          )}
          {open === "refund" && (
            <>
              <Label>Refund</Label>
              <Select value={kind} onValueChange={setKind}>
                <Select.Trigger data-testid="omni-refund-kind">
                  <Select.Value />
                </Select.Trigger>
                <Select.Content>
                  {REFUND_KINDS.map(([value, label]) => (
                    <Select.Item key={value} value={value} data-testid={`omni-refund-kind-${value}`}>
                      {label}
                    </Select.Item>
                  ))}
                </Select.Content>
              </Select>
            </>
          )}
          {open === "refund" && channels.length > 1 && (
            <>
              <Label>Refund first the payment made</Label>
              <Select value={choice} onValueChange={setChoice}>
                <Select.Trigger data-testid="omni-prefer-channel">
                  <Select.Value placeholder="Largest payment first" />
                </Select.Trigger>
                <Select.Content>
                  {channels.map((c) => (
                    <Select.Item key={c} value={c} data-testid={`omni-prefer-${c}`}>
                      {channelName(c)}
                    </Select.Item>
                  ))}
                </Select.Content>
              </Select>
            </>
          )}
          {open === "subsequent payment" && (
            <>
              <Label>Mode</Label>
              <Select value={choice} onValueChange={setChoice}>
                <Select.Trigger data-testid="omni-mode">
                  <Select.Value />
                </Select.Trigger>
                <Select.Content>
                  {MODES.map((m) => (
                    <Select.Item key={m} value={m}>{capitalized(modeWords(m)!)}</Select.Item>
                  ))}
                </Select.Content>
              </Select>
            </>
          )}
          {error && (
            <Text size="small" className="text-ui-fg-error" data-testid="omni-action-error">{error}</Text>
          )}
          <div className="flex gap-x-2">
            <Button size="small" type="submit" isLoading={chainAction.isPending} data-testid="omni-submit">Confirm</Button>
            <Button size="small" variant="transparent" type="button" onClick={() => setOpen(null)}>Cancel</Button>
          </div>
        </form>
      )}
    </div>
  )
}
