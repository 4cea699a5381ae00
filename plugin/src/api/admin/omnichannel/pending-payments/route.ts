import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { OMNICHANNEL_MODULE } from "../../../../modules/omnichannel"
import type { IOmnichannelModuleService } from "../../../../modules/omnichannel/service"

/**
 * Online first payments and payment-link payments still pending (a customer in, or gone from, 3-D Secure; an answer
 * lost in an outage), oldest first, with the chain's payment id: what the settle job works on.
 */
export async function GET(req: MedusaRequest, res: MedusaResponse) {
  const ledger = req.scope.resolve<IOmnichannelModuleService>(OMNICHANNEL_MODULE)
  const operations = await ledger.listOmnichannelOperations(
    { status: "pending", type: ["payment", "authorization"], channel: ["online", "pay_by_link"] },
    { take: 100, order: { created_at: "ASC" }, relations: ["chain"] }
  )
  res.json({
    pending_payments: operations.map((op) => ({
      operation_id: op.id,
      payment_id: (op as { chain?: { payment_id: string } }).chain?.payment_id ?? null,
      channel: op.channel,
      amount: op.amount,
      currency_code: op.currency_code,
      acquirer_reference: op.acquirer_reference,
      waiting_for: op.acquirer_reference ? "customer_authentication" : "acquirer_answer",
      created_at: op.created_at,
    })),
  })
}
