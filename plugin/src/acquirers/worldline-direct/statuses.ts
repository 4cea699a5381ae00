import type { OperationType } from "../../modules/omnichannel/types"

/** Worldline statuses that mean our operation of that type went through. */
export const DONE_STATUSES: Record<OperationType, ReadonlySet<string>> = {
  authorization: new Set(["PENDING_CAPTURE", "CAPTURE_REQUESTED", "CAPTURED"]),
  payment: new Set(["PENDING_CAPTURE", "CAPTURE_REQUESTED", "CAPTURED"]),
  capture: new Set(["CAPTURE_REQUESTED", "CAPTURED"]),
  cancel: new Set(["CANCELLED"]),
  refund: new Set(["REFUND_REQUESTED", "REFUNDED"]),
  payout: new Set(["PAYOUT_REQUESTED", "ACCOUNT_CREDITED"]),
}

/** Statuses that mean the platform refused it: nothing moved. */
export const REFUSED_STATUSES: ReadonlySet<string> = new Set(["REJECTED", "REJECTED_CAPTURE", "REJECTED_CREDIT"])

/**
 * A first payment the platform has not decided yet because it waits on the customer
 * (3-D Secure redirect) or on the issuer's answer to that step.
 */
export const WAITING_STATUSES: ReadonlySet<string> = new Set([
  "CREATED",
  "REDIRECTED",
  "AUTHORIZATION_REQUESTED",
  "PENDING_PAYMENT",
  "PENDING_COMPLETION",
  "PENDING_APPROVAL",
])
