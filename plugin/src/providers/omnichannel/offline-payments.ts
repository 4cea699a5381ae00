import { MedusaError } from "@medusajs/framework/utils"
import type { OperationDTO } from "../../modules/omnichannel/dto"
import { isOfflinePayment } from "../../modules/omnichannel/money/offline-outcomes"
import type { OmnichannelPaymentData } from "./payment-data"

/**
 * A till's card approved offline is settled by the till's outcome (POST /pos/card-outcomes),
 * which then has Medusa capture or cancel its payment. The acquirer is never asked: the
 * reference is the terminal's own, which the acquirer may not know. Null: not such a payment.
 */
export function offlineCapture(op: OperationDTO | undefined, data: OmnichannelPaymentData): { data: OmnichannelPaymentData } | null {
  if (!op || !isOfflinePayment(op)) return null
  if (op.status !== "succeeded") {
    throw new MedusaError(
      MedusaError.Types.NOT_ALLOWED,
      `payment ${data.payment_id} was approved offline by a till and is ${op.status === "pending" ? "still waiting for the till's outcome" : "declined"}: it cannot be captured`
    )
  }
  return { data: { ...data, status: "captured" } }
}

/** Canceling Medusa's payment of an offline card: only once the till reported it declined (nothing is held anywhere). */
export function offlineCancel(op: OperationDTO | undefined, data: OmnichannelPaymentData): { data: OmnichannelPaymentData } | null {
  if (!op || !isOfflinePayment(op)) return null
  if (op.status !== "failed") {
    const why = op.status === "pending" ? "waits for the till's outcome" : "was approved by the issuer (refund it instead)"
    throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `payment ${data.payment_id} was approved offline by a till and ${why}: it cannot be canceled`)
  }
  return { data: { ...data, status: "canceled" } }
}
