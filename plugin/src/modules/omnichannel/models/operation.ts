import { model } from "@medusajs/framework/utils"
import { AUTHORIZATION_MODES, CHANNELS, OPERATION_STATUSES, OPERATION_TYPES, PAYMENT_METHODS } from "../types"
import Chain from "./chain"

/** One money movement on a chain, in integer minor units of the chain's currency. */
const Operation = model
  .define("omnichannel_operation", {
    id: model.id({ prefix: "oop" }).primaryKey(),
    chain: model.belongsTo(() => Chain, { mappedBy: "operations" }),
    type: model.enum([...OPERATION_TYPES]),
    channel: model.enum([...CHANNELS]),
    method: model.enum([...PAYMENT_METHODS]).default("card"),
    status: model.enum([...OPERATION_STATUSES]).default("pending"),
    amount: model.number(),
    currency_code: model.text(),
    authorization_mode: model.enum([...AUTHORIZATION_MODES]).nullable(),
    // A capture or cancel points at its authorization; a refund at nothing in particular.
    parent_operation_id: model.text().nullable(),
    reference: model.text().nullable(),
    acquirer_reference: model.text().nullable(),
    terminal_id: model.text().nullable(),
    stock_location_id: model.text().nullable(),
    idempotency_key: model.text().nullable(),
    actor_id: model.text().nullable(),
    note: model.text().nullable(),
    cof_requestor: model.text().nullable(),
    cof_sequence: model.text().nullable(),
    error_code: model.text().nullable(),
    error_message: model.text().nullable(),
    medusa_payment_id: model.text().nullable(),
    medusa_refund_id: model.text().nullable(),
    metadata: model.json().nullable(),
  })
  .indexes([
    // The database itself refuses a second live refund with the same reference on a chain...
    {
      name: "IDX_omnichannel_operation_refund_reference",
      on: ["chain_id", "reference"],
      unique: true,
      where: "type = 'refund' AND status <> 'failed' AND reference IS NOT NULL AND deleted_at IS NULL",
    },
    // ...and a second refund while one is in flight, whichever instance sends it.
    {
      name: "IDX_omnichannel_operation_refund_in_flight",
      on: ["chain_id"],
      unique: true,
      where: "type = 'refund' AND status = 'pending' AND deleted_at IS NULL",
    },
    {
      name: "IDX_omnichannel_operation_idempotency_key",
      on: ["chain_id", "idempotency_key"],
      unique: true,
      where: "idempotency_key IS NOT NULL AND deleted_at IS NULL",
    },
    { name: "IDX_omnichannel_operation_chain_created", on: ["chain_id", "created_at"] },
    // A till's card outcomes name its own references: found without reading every operation.
    {
      name: "IDX_omnichannel_operation_terminal_reference",
      on: ["terminal_id", "acquirer_reference"],
      where: "terminal_id IS NOT NULL AND acquirer_reference IS NOT NULL AND deleted_at IS NULL",
    },
    // The health view and reconciliation read a window of days; the metrics gauges, at every
    // scrape, only what is pending (a handful of rows among millions).
    { name: "IDX_omnichannel_operation_created", on: ["created_at"] },
    { name: "IDX_omnichannel_operation_pending", on: ["created_at"], where: "status = 'pending'" },
    // An export reads every operation of a window in pages, by keyset on (created_at, id).
    { name: "IDX_omnichannel_operation_created_id", on: ["created_at", "id"] },
  ])

export default Operation
