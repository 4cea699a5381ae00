import { model } from "@medusajs/framework/utils"

/**
 * One purchase across channels: every money movement of it hangs off this row,
 * under one 19-digit payment id shared by the web shop and the tills.
 */
const Chain = model
  .define("omnichannel_chain", {
    id: model.id({ prefix: "ochain" }).primaryKey(),
    payment_id: model.text().unique(),
    currency_code: model.text(),
    metadata: model.json().nullable(),
  })

export default Chain
