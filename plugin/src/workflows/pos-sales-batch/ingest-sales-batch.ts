import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { PosSaleBody } from "../../api/pos/validators"
import { parseInput } from "../../api/utils/respond"
import { OmnichannelError } from "../../errors/omnichannel-error"
import type { ClaimedEntry, EntryOutcome } from "../../idempotency/with-idempotent-batch"
import type { PublicTerminal } from "../../modules/omnichannel/service"
import { ingestPosSaleWorkflow } from "../pos-sales/ingest-pos-sale"
import type { PosSaleInput } from "../pos-sales/types"
import { writePosSalesRunWorkflow } from "./write-sales-run"

type Parsed = { index: number; sale: PosSaleInput; bulk: boolean }

/**
 * A till's batch of sales, each claimed under its own key: every body checked as the single
 * route checks it, then the sales applied in the order they happened (`occurred_at`, then
 * the order sent). Consecutive new in-store sales go together through the bulk workflow;
 * any other sale (into an order or chain, gift card or store credit, goods to ship later, a
 * key a stopped instance left running) through the single-sale workflow, in its place.
 * Returns each sale's outcome: its answer, or what refused it.
 */
export async function ingestPosSalesBatch(container: MedusaContainer, terminal: PublicTerminal, claimed: ClaimedEntry[]): Promise<Map<number, EntryOutcome>> {
  const outcomes = new Map<number, EntryOutcome>()
  const parsed: Parsed[] = []
  for (const entry of claimed) {
    try {
      const body = parseInput(PosSaleBody, entry.body)
      const sale = { ...body, terminal } as PosSaleInput
      parsed.push({ index: entry.index, sale, bulk: !entry.taken_over && bulkEligible(sale) })
    } catch (error) {
      outcomes.set(entry.index, { error })
    }
  }
  // Stable: sales of the same moment keep the order they were sent in.
  parsed.sort((a, b) => Date.parse(a.sale.occurred_at) - Date.parse(b.sale.occurred_at) || a.index - b.index)

  for (let start = 0; start < parsed.length; ) {
    let end = start + 1
    if (parsed[start].bulk) while (end < parsed.length && parsed[end].bulk) end++
    const run = parsed.slice(start, end)
    if (run[0].bulk) await writeRun(container, run, outcomes)
    else await ingestOne(container, run[0], outcomes)
    start = end
  }
  return outcomes
}

/** A new in-store order with every line handed over, paid by card (online or offline), cash or another provider. */
function bulkEligible(sale: PosSaleInput): boolean {
  return (
    !sale.payment_id &&
    !sale.order_id &&
    !sale.ship_from_location_id &&
    sale.items.length > 0 &&
    sale.items.every((i) => i.fulfilled) &&
    sale.payments.every((p) => p.method === "card" || p.method === "cash" || p.method === "external")
  )
}

async function writeRun(container: MedusaContainer, run: Parsed[], outcomes: Map<number, EntryOutcome>) {
  const indexOf = new Map(run.map((p) => [p.sale.sale_id, p.index]))
  try {
    const { result } = await writePosSalesRunWorkflow(container).run({ input: { sales: run.map((p) => p.sale) } })
    for (const { sale_id, answer } of result.answers) outcomes.set(indexOf.get(sale_id)!, { status: 201, body: answer })
    for (const r of result.refused) {
      outcomes.set(indexOf.get(r.sale_id)!, { error: new OmnichannelError(r.code as never, r.message, r.field) })
    }
  } catch (err) {
    // The run was undone (the workflow's compensation): its sales one by one, each refused or applied alone.
    container
      .resolve(ContainerRegistrationKeys.LOGGER)
      .warn(`omnichannel: a run of ${run.length} till sales could not be written together (${(err as Error).message}); writing them one by one`)
    for (const p of run) await ingestOne(container, p, outcomes)
  }
}

async function ingestOne(container: MedusaContainer, p: Parsed, outcomes: Map<number, EntryOutcome>) {
  try {
    const { result } = await ingestPosSaleWorkflow(container).run({ input: p.sale })
    const { event: _event, ...answer } = result
    outcomes.set(p.index, { status: 201, body: answer })
  } catch (error) {
    outcomes.set(p.index, { error })
  }
}
