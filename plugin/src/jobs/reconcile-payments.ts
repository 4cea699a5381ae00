import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { runJobPass } from "../errors/lost-database-connection"
import { OMNICHANNEL_MODULE } from "../modules/omnichannel"
import type { IOmnichannelModuleService } from "../modules/omnichannel/service"
import { reconcilePaymentsWorkflow } from "../workflows/reconciliation/reconcile-payments"

/**
 * The daily reconciliation: the last week's chains against Medusa's orders and the
 * acquirer, differences listed for the admin; then old runs and the acquirer-call log are pruned.
 */
export default async function reconcilePaymentsJob(container: MedusaContainer) {
  await runJobPass(container, config.name, async () => {
    const { result } = await reconcilePaymentsWorkflow(container).run({ input: { trigger: "schedule" } })
    if (result.differences_count > 0) {
      container
        .resolve(ContainerRegistrationKeys.LOGGER)
        .warn(`${config.name}: ${result.differences_count} difference(s) found; see Omnichannel > Reconciliation in the admin (run ${result.id})`)
    }
    await container.resolve<IOmnichannelModuleService>(OMNICHANNEL_MODULE).pruneReconciliations()
  })
}

export const config = {
  name: "omnichannel-reconcile-payments",
  schedule: "30 3 * * *",
}
