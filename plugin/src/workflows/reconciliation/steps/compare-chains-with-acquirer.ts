import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import type { AcquirerPaymentRecord } from "../../../acquirers/types"
import { OMNICHANNEL_MODULE } from "../../../modules/omnichannel"
import type { IOmnichannelModuleService } from "../../../modules/omnichannel/service"
import type { NewDifference, ReconcilableChain } from "../../../modules/omnichannel/services/reconciliations"
import { acquirerMismatches, acquirerPayments, hasPendingOperation, ledgerAtAcquirer, PAGE_SIZE, unknownAtAcquirer } from "../compare"
import type { CompareInput } from "./compare-chains-with-orders"

/** Chains asked about at once: the acquirer answers each payment in its own request. */
const CONCURRENCY = 4

type Outcome = { checked: boolean; unavailable: boolean; found: NewDifference[] }

/**
 * Every chain whose card money went through the acquirer against the acquirer's own
 * records of those payments. An acquirer that cannot say (null), or cannot answer now,
 * leaves the chain counted as unavailable: never a difference, never the run's failure.
 * Records what it finds page by page; the compensation removes it.
 */
export const compareChainsWithAcquirerStep = createStep(
  "omnichannel-compare-chains-with-acquirer",
  async (input: CompareInput, { container }) => {
    const ledger = container.resolve<IOmnichannelModuleService>(OMNICHANNEL_MODULE)
    const since = new Date(input.since)
    const recorded: string[] = []
    let checked = 0
    let unavailable = 0
    for (let after: string | null = null; ; ) {
      const chains = await ledger.listReconcilableChains(since, { after, limit: PAGE_SIZE })
      if (!chains.length) break
      after = chains[chains.length - 1].id
      const outcomes = await inPool(
        chains.filter((c) => !hasPendingOperation(c) && acquirerPayments(c).length > 0),
        CONCURRENCY,
        (chain) => compareChain(ledger, chain)
      )
      checked += outcomes.filter((o) => o.checked).length
      unavailable += outcomes.filter((o) => o.unavailable).length
      const found = outcomes.flatMap((o) => o.found)
      recorded.push(...(await ledger.recordReconciliationDifferences(input.reconciliation_id, found)).map((d) => d.id))
    }
    return new StepResponse({ acquirer_checked: checked, acquirer_unavailable: unavailable }, recorded)
  },
  async (recorded: string[] | undefined, { container }) => {
    if (!recorded?.length) return
    await container.resolve<IOmnichannelModuleService>(OMNICHANNEL_MODULE).deleteReconciliationDifferences(recorded)
  }
)

async function compareChain(ledger: IOmnichannelModuleService, chain: ReconcilableChain): Promise<Outcome> {
  const payments = acquirerPayments(chain)
  const records: AcquirerPaymentRecord[] = []
  const unknown: NewDifference[] = []
  let acquirer = ""
  for (const payment of payments) {
    const answer = await ledger.acquirerRecordOf(payment.acquirer_reference!)
    acquirer = answer.acquirer
    // An acquirer that cannot say (or not now) says nothing about the chain.
    if (answer.kind === "unavailable") return { checked: false, unavailable: true, found: [] }
    if (answer.kind === "unknown") unknown.push(unknownAtAcquirer(chain, acquirer, payment))
    else records.push(answer.record)
  }
  // With a payment missing at the acquirer, its sums would only repeat that difference.
  if (unknown.length) return { checked: true, unavailable: false, found: unknown }
  return { checked: true, unavailable: false, found: acquirerMismatches(chain, acquirer, ledgerAtAcquirer(chain, payments), records) }
}

async function inPool<T, R>(items: T[], size: number, run: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length)
  let next = 0
  const worker = async () => {
    while (next < items.length) {
      const i = next++
      results[i] = await run(items[i])
    }
  }
  await Promise.all(Array.from({ length: Math.min(size, items.length) }, worker))
  return results
}
