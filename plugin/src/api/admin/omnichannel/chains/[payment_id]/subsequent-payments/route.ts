import { randomUUID } from "crypto"
import { subsequentPaymentWorkflow } from "../../../../../../workflows/payments/subsequent-payment"
import { chainOperationRoute } from "../../../../../utils/chain-operation-route"
import { CreateSubsequentPaymentBody } from "../../../validators"

export const POST = chainOperationRoute("subsequent", CreateSubsequentPaymentBody, async (req, body, on) => {
  const { result } = await subsequentPaymentWorkflow(req.scope).run({
    input: { ...body, ...on, idempotency_key: on.idempotency_key ?? `subsequent:${randomUUID()}` },
  })
  return { operation: result }
})
