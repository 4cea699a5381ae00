import { model } from "@medusajs/framework/utils"

export const OUTBOX_STATUSES = ["pending", "delivered", "dead"] as const

/**
 * A notification owed to one terminal's webhook, written in the same transaction as the
 * change it reports and delivered by a scheduled job until the POS answers 2xx. The id
 * is the delivery id the POS dedupes on; `sequence` orders notifications of one store.
 */
const OutboxMessage = model
  .define("omnichannel_outbox_message", {
    id: model.id({ prefix: "odlv" }).primaryKey(),
    sequence: model.autoincrement(),
    terminal_id: model.text(),
    event_type: model.text(),
    payload: model.json(),
    status: model.enum([...OUTBOX_STATUSES]).default("pending"),
    attempts: model.number().default(0),
    next_attempt_at: model.dateTime(),
    // Claimed by a delivery run until then; a run that died lets it go when it passes.
    lease_until: model.dateTime().nullable(),
    last_status: model.number().nullable(),
    last_error: model.text().nullable(),
    delivered_at: model.dateTime().nullable(),
  })
  .indexes([
    { name: "IDX_omnichannel_outbox_due", on: ["next_attempt_at"], where: "status = 'pending' AND deleted_at IS NULL" },
    { name: "IDX_omnichannel_outbox_terminal", on: ["terminal_id", "status"] },
  ])

export default OutboxMessage
