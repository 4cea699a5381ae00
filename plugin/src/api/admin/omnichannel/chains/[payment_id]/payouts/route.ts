import { randomUUID } from "crypto"
import { payoutChainWorkflow } from "../../../../../../workflows/payouts/payout-chain"
import { chainOperationRoute } from "../../../../../utils/chain-operation-route"
import { CreatePayoutBody } from "../../../validators"

export const POST = chainOperationRoute("payout", CreatePayoutBody, async (req, body, on) => {
  const { result } = await payoutChainWorkflow(req.scope).run({
    input: { ...body, ...on, idempotency_key: on.idempotency_key ?? `payout:${randomUUID()}` },
  })
  return { operation: result }
})
