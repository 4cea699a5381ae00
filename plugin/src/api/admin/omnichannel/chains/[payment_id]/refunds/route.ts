import { refundChainWorkflow } from "../../../../../../workflows/refunds/refund-chain"
import { chainOperationRoute } from "../../../../../utils/chain-operation-route"
import { refundAnswer } from "../../../../../utils/chain-view"
import { CreateRefundBody } from "../../../validators"

export const POST = chainOperationRoute("refund", CreateRefundBody, async (req, body, on) => {
  const { result } = await refundChainWorkflow(req.scope).run({
    input: {
      ...on,
      amount: body.amount,
      currency_code: body.currency_code,
      reference: body.reference,
      method: body.method,
      note: body.note ?? null,
      prefer_channel: body.prefer_channel,
      channel: "online",
      // One key per refund request, the same on every retry: the acquirer refunds once.
      idempotency_key: on.idempotency_key ?? `refund:${body.reference}`,
      retry_of_same_request: !!on.idempotency_key,
    },
  })
  return refundAnswer(result)
})
