import { model } from "@medusajs/framework/utils"

export const ACQUIRER_CALL_OUTCOMES = ["ok", "declined", "invalid", "retryable"] as const

/**
 * One request the store sent to the acquirer (each retry its own row), timed: the admin's
 * health view reads latency and decline reasons from here, so it works without Prometheus.
 * Kept for 35 days (the daily reconciliation prunes older rows).
 */
const AcquirerCall = model
  .define("omnichannel_acquirer_call", {
    id: model.id({ prefix: "oacq" }).primaryKey(),
    acquirer: model.text(),
    // authorize, capture, cancel, refund, payout, hosted_form, describe_card, get_payment, payment_record
    call: model.text(),
    outcome: model.enum([...ACQUIRER_CALL_OUTCOMES]),
    // The acquirer's reason for a refusal (INSUFFICIENT_FUNDS, ...), as AcquirerError.reason.
    reason: model.text().nullable(),
    duration_ms: model.number(),
    operation_id: model.text().nullable(),
  })
  .indexes([
    { name: "IDX_omnichannel_acquirer_call_created", on: ["created_at"] },
    { name: "IDX_omnichannel_acquirer_call_operation", on: ["operation_id"], where: "operation_id IS NOT NULL" },
  ])

export default AcquirerCall
