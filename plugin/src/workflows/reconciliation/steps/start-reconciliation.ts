import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { OMNICHANNEL_MODULE } from "../../../modules/omnichannel"
import type { IOmnichannelModuleService } from "../../../modules/omnichannel/service"

export type StartReconciliationInput = { trigger: "schedule" | "admin"; days: number; actor_id?: string | null }

/** Records the run as running, over the last `days` days. If a later step fails, the run is marked failed. */
export const startReconciliationStep = createStep(
  "omnichannel-start-reconciliation",
  async (input: StartReconciliationInput, { container }) => {
    const ledger = container.resolve<IOmnichannelModuleService>(OMNICHANNEL_MODULE)
    const since = new Date(Date.now() - input.days * 24 * 60 * 60_000)
    const run = await ledger.startReconciliation({ trigger: input.trigger, since, actor_id: input.actor_id ?? null })
    return new StepResponse(run, run.id)
  },
  async (id: string | undefined, { container }) => {
    if (!id) return
    await container
      .resolve<IOmnichannelModuleService>(OMNICHANNEL_MODULE)
      .finishReconciliation(id, { status: "failed", error: "the run stopped before it finished (see the server log)" })
  }
)
