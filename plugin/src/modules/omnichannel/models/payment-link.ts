import { model } from "@medusajs/framework/utils"

export const PAYMENT_LINK_STATUSES = ["open", "paid", "expired", "canceled"] as const
export type PaymentLinkStatus = (typeof PAYMENT_LINK_STATUSES)[number]
export const PAYMENT_LINK_ORIGINS = ["admin", "pos"] as const

/**
 * A request to pay `amount` on a chain, opened by anyone holding its token (the link in the
 * customer's email). The token is kept as is: the message that carries it is kept by the
 * Notification Module anyway, and it only lets its holder see the order's summary and pay.
 */
const PaymentLink = model
  .define("omnichannel_payment_link", {
    id: model.id({ prefix: "plink" }).primaryKey(),
    token: model.text(),
    chain_id: model.text(),
    // The chain's 19-digit id (a chain that already exists keeps its id).
    payment_id: model.text(),
    order_id: model.text().nullable(),
    amount: model.number(),
    currency_code: model.text(),
    status: model.enum([...PAYMENT_LINK_STATUSES]).default("open"),
    expires_at: model.dateTime(),
    customer_email: model.text().nullable(),
    note: model.text().nullable(),
    origin: model.enum([...PAYMENT_LINK_ORIGINS]),
    terminal_id: model.text().nullable(),
    actor_id: model.text().nullable(),
    // The payment the customer last started (it may wait for 3-D Secure): at most one at a time.
    attempt_operation_id: model.text().nullable(),
    paid_operation_id: model.text().nullable(),
    paid_at: model.dateTime().nullable(),
    canceled_at: model.dateTime().nullable(),
  })
  .indexes([
    { name: "IDX_omnichannel_payment_link_token", on: ["token"], unique: true, where: "deleted_at IS NULL" },
    { name: "IDX_omnichannel_payment_link_order", on: ["order_id"] },
    { name: "IDX_omnichannel_payment_link_chain", on: ["chain_id"] },
  ])

export default PaymentLink
