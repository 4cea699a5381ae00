import { model } from "@medusajs/framework/utils"
import Reconciliation from "./reconciliation"

/**
 * One thing that does not agree: the chain (our ledger) against Medusa's order records or
 * the acquirer's. `expected` is what the chain says, `actual` what the other side holds,
 * in minor units of `currency_code` where it is about money.
 */
const ReconciliationDifference = model
  .define("omnichannel_reconciliation_difference", {
    id: model.id({ prefix: "orecd" }).primaryKey(),
    reconciliation: model.belongsTo(() => Reconciliation, { mappedBy: "differences" }),
    kind: model.text(),
    chain_id: model.text().nullable(),
    payment_id: model.text().nullable(),
    order_id: model.text().nullable(),
    operation_id: model.text().nullable(),
    currency_code: model.text().nullable(),
    expected: model.number().nullable(),
    actual: model.number().nullable(),
    message: model.text(),
  })
  .indexes([{ name: "IDX_omnichannel_reconciliation_difference_chain", on: ["chain_id"] }])

export default ReconciliationDifference
