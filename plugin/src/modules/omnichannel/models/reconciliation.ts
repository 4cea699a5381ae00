import { model } from "@medusajs/framework/utils"
import ReconciliationDifference from "./reconciliation-difference"

/**
 * One run of the reconciliation: every chain with activity since `since` compared with
 * Medusa's records of its order and, where the acquirer can say, with the acquirer's.
 */
const Reconciliation = model.define("omnichannel_reconciliation", {
  id: model.id({ prefix: "orec" }).primaryKey(),
  trigger: model.enum(["schedule", "admin"]),
  status: model.enum(["running", "completed", "failed"]).default("running"),
  since: model.dateTime(),
  actor_id: model.text().nullable(),
  chains_checked: model.number().default(0),
  acquirer_checked: model.number().default(0),
  // Chains the acquirer could not speak for (the sandbox after a restart).
  acquirer_unavailable: model.number().default(0),
  differences_count: model.number().default(0),
  error: model.text().nullable(),
  finished_at: model.dateTime().nullable(),
  differences: model.hasMany(() => ReconciliationDifference, { mappedBy: "reconciliation" }),
})

export default Reconciliation
