import type { AuthenticatedMedusaRequest, MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { OMNICHANNEL_MODULE } from "../../../../modules/omnichannel"
import type { IOmnichannelModuleService } from "../../../../modules/omnichannel/service"
import { reconcilePaymentsWorkflow } from "../../../../workflows/reconciliation/reconcile-payments"
import { handle, parseInput } from "../../../utils/respond"
import { RunReconciliationBody, type ListReconciliationsQuery } from "../validators"

/** Runs a reconciliation now (the daily job's, over `days`, 7 by default) and answers it with its differences. */
export const POST = handle(async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const body = parseInput(RunReconciliationBody, req.body)
  const { result } = await reconcilePaymentsWorkflow(req.scope).run({
    input: { trigger: "admin", days: body.days, actor_id: req.auth_context?.actor_id ?? null },
  })
  res.status(201).json({ reconciliation: result })
})

/** The runs, newest first, with their counts (differences: GET /:id). */
export async function GET(req: MedusaRequest<unknown, ListReconciliationsQuery>, res: MedusaResponse) {
  const { limit, offset } = req.validatedQuery as ListReconciliationsQuery
  const [reconciliations, count] = await req.scope.resolve<IOmnichannelModuleService>(OMNICHANNEL_MODULE).listReconciliations(limit, offset)
  res.json({ reconciliations, count, limit, offset })
}
