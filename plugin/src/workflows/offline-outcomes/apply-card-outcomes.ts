import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { OmnichannelError } from "../../errors/omnichannel-error"
import { applyCardOutcomeWorkflow } from "./apply-card-outcome"

export type CardOutcome = { acquirer_reference: string; outcome: "approved" | "declined"; reason?: string | null }
/** `replayed`: the same outcome was reported before; answered, not applied again. */
export type CardOutcomeResult = { acquirer_reference: string; status: number; body: unknown; replayed?: boolean }

/**
 * Each outcome a till sends, in the order sent, each in its own workflow run: one refused
 * (an unknown reference, a payment settled the other way) refuses only itself, with the
 * status and `{ code, type, message }` the single answer would have.
 */
export async function applyCardOutcomes(container: MedusaContainer, terminalId: string, outcomes: CardOutcome[]): Promise<CardOutcomeResult[]> {
  const results: CardOutcomeResult[] = []
  const reported_at = new Date().toISOString()
  for (const o of outcomes) {
    try {
      const { result } = await applyCardOutcomeWorkflow(container).run({
        input: { terminal_id: terminalId, acquirer_reference: o.acquirer_reference, outcome: o.outcome, reason: o.reason ?? null, reported_at },
      })
      results.push({ acquirer_reference: o.acquirer_reference, status: 200, body: result.operation, ...(result.replayed ? { replayed: true } : {}) })
    } catch (err) {
      results.push({ acquirer_reference: o.acquirer_reference, ...refusal(container, o.acquirer_reference, err) })
    }
  }
  return results
}

function refusal(container: MedusaContainer, reference: string, err: unknown): { status: number; body: unknown } {
  if (OmnichannelError.is(err)) {
    // A workflow hands back a copy of the step's error: rebuilt from its code.
    const e = err instanceof OmnichannelError ? err : new OmnichannelError((err as { code: string }).code as never, (err as Error).message)
    return { status: e.status, body: { code: e.code, type: e.type, message: e.message } }
  }
  container.resolve(ContainerRegistrationKeys.LOGGER).error(`medusa-plugin-omnichannel: card outcome for ${reference} failed: ${(err as Error)?.stack ?? err}`)
  return { status: 500, body: { code: "UNEXPECTED_ERROR", type: "unexpected_state", message: "the outcome could not be applied now; send it again" } }
}
