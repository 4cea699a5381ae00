import { model } from "@medusajs/framework/utils"
import Chain from "./chain"

/**
 * One row per card, never the card number: the CRM token shown to people and systems,
 * and the offline token (keyed HMAC of the PAN) as fingerprint, so the same card gets
 * the same CRM token online and at the till.
 */
const CardToken = model.define("omnichannel_card_token", {
  id: model.id({ prefix: "octok" }).primaryKey(),
  token: model.text().unique(),
  fingerprint: model.text().unique(),
  brand: model.text(),
  bin: model.text(),
  last4: model.text(),
  pan_length: model.number(),
  /**
   * The platform's own token for this card (hosted tokenization), kept only when the
   * customer agreed to keep the card: it is what a saved-card payment is charged with.
   */
  acquirer_token: model.text().nullable(),
  chains: model.hasMany(() => Chain, { mappedBy: "card_token" }),
})
  // The admin's search by BIN and last 4 (123456****1234).
  .indexes([{ name: "IDX_omnichannel_card_token_bin_last4", on: ["bin", "last4"] }])

export default CardToken
