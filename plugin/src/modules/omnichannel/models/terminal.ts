import { model } from "@medusajs/framework/utils"

/** A till allowed to call /pos/*, at one stock location. Its secret is stored encrypted. */
const Terminal = model.define("omnichannel_terminal", {
  id: model.id({ prefix: "oterm" }).primaryKey(),
  name: model.text(),
  stock_location_id: model.text(),
  webhook_url: model.text().nullable(),
  secret_ciphertext: model.text(),
  secret_rotated_at: model.dateTime().nullable(),
  deactivated_at: model.dateTime().nullable(),
  // Store-and-forward limits the till enforces while offline (DESIGN 7.2); all null = none set.
  // Amounts in integer minor units of offline_currency_code.
  offline_max_payment: model.number().nullable(),
  offline_max_total: model.number().nullable(),
  offline_max_hours: model.number().nullable(),
  offline_currency_code: model.text().nullable(),
})

export default Terminal
