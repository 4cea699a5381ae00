import { model } from "@medusajs/framework/utils"

/** The first answer to an `Idempotency-Key`, replayed for the same key and body. */
const IdempotencyRecord = model
  .define("omnichannel_idempotency_record", {
    id: model.id({ prefix: "oidem" }).primaryKey(),
    scope: model.text(),
    key: model.text(),
    request_hash: model.text(),
    state: model.enum(["in_progress", "completed"]).default("in_progress"),
    response_status: model.number().nullable(),
    response_body: model.json().nullable(),
  })
  .indexes([
    { name: "IDX_omnichannel_idempotency_scope_key", on: ["scope", "key"], unique: true },
    // The health view counts a window of days of till requests.
    { name: "IDX_omnichannel_idempotency_created", on: ["created_at"] },
  ])

export default IdempotencyRecord
