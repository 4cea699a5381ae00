import { Badge, Text } from "@medusajs/ui"
import { formatMinor } from "../../money/display"
import type { Chain } from "../lib/api"
import { useTerminalName } from "../lib/order-queries"
import { channelName, modeWords, operationWords, statusWords, tenderDetail } from "../lib/operation-words"

const STATUS_COLOR = { succeeded: "green", pending: "orange", failed: "red" } as const

type TimelineOperation = Chain["operations"][number]

/**
 * A card the till approved while offline is not paid until the till reports its outcome:
 * its badge says so, and a decline reported later reads as such (the order owes it again).
 */
function offlineBadge(op: TimelineOperation): { words: string; color: "orange" | "red" | "green" } | null {
  if (op.metadata?.offline !== true) return null
  // The chain's view calls it `offline_approved` (DESIGN 7.2); the ledger's own word is `pending`.
  const status: string = op.status
  if (status === "offline_approved" || status === "pending") return { words: "Approved offline, awaiting outcome", color: "orange" }
  if (op.status === "failed") return { words: "Declined after the sale", color: "red" }
  return { words: "Approved offline, confirmed", color: "green" }
}

/**
 * Every operation of the chain, oldest first: the headline in a merchant's words with the
 * amount, then when, where (channel, till by name), the card's mode, reference and error code.
 */
export function ChainTimeline({ chain }: { chain: Chain }) {
  const money = (minor: number) => formatMinor(minor, chain.currency_code)
  const tillName = useTerminalName()
  return (
    <ol className="flex flex-col gap-y-2" data-testid="omni-timeline">
      {chain.operations.map((op) => {
        const tender = tenderDetail(op, money)
        const mode = modeWords(op.authorization_mode)
        const offline = offlineBadge(op)
        return (
          <li key={op.id} className="flex items-center justify-between gap-x-4" data-testid="omni-operation">
            <div>
              <Text size="small" weight="plus">
                <span data-testid="omni-operation-what">{operationWords(op)}</span> · {money(op.amount)}
                {tender && (
                  <>
                    {" · "}
                    <span data-testid="omni-operation-tender">{tender}</span>
                  </>
                )}
              </Text>
              <Text size="xsmall" className="text-ui-fg-subtle">
                {new Date(op.created_at).toLocaleString()} · <span data-testid="omni-operation-channel">{channelName(op.channel)}</span>
                {op.terminal_id && (
                  <>
                    {" · till "}
                    <span data-testid="omni-operation-till">{tillName(op.terminal_id)}</span>
                  </>
                )}
                {mode ? ` · ${mode}` : ""}
                {op.reference ? ` · ref ${op.reference}` : ""}
                {op.error_code ? ` · ${op.error_code}` : ""}
              </Text>
            </div>
            {offline ? (
              <Badge size="2xsmall" color={offline.color} data-testid="omni-operation-offline">{offline.words}</Badge>
            ) : (
              <Badge size="2xsmall" color={STATUS_COLOR[op.status]}>{statusWords(op)}</Badge>
            )}
          </li>
        )
      })}
    </ol>
  )
}
