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
})

export default Terminal
