import { model } from "@medusajs/framework/utils"
import { CHANNELS } from "../types"
import CardToken from "./card-token"
import Operation from "./operation"

/**
 * One purchase across channels: every money movement of it hangs off this row,
 * under one 19-digit payment id shared by the web shop and the tills.
 */
const Chain = model.define("omnichannel_chain", {
  id: model.id({ prefix: "ochain" }).primaryKey(),
  payment_id: model.text().unique(),
  currency_code: model.text(),
  origin_channel: model.enum([...CHANNELS]),
  // The first payment carried the credentials-on-file flags: later payments may use the card.
  cof_consent: model.boolean().default(false),
  card_token: model.belongsTo(() => CardToken, { mappedBy: "chains" }).nullable(),
  operations: model.hasMany(() => Operation, { mappedBy: "chain" }),
  metadata: model.json().nullable(),
})

export default Chain
