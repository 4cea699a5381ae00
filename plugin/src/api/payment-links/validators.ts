import { z } from "@medusajs/framework/zod"
import { MAX_PAYMENT_LINK_HOURS } from "../../modules/omnichannel/services/payment-links"
import { BrowserChoice, ReturnUrl } from "../../providers/omnichannel/session-choices"
import { currencyCode, minorAmount, text } from "../utils/zod-fields"

const email = z.email("Expected an email address").max(320)
const expiresInHours = z
  .number({ error: "Expected a number of hours" })
  .positive("Must be greater than 0")
  .max(MAX_PAYMENT_LINK_HOURS, `At most ${MAX_PAYMENT_LINK_HOURS} hours`)

/** The admin's request: the amount defaults to what the order still owes. */
export const AdminCreatePaymentLinkBody = z
  .object({
    amount: minorAmount.optional(),
    currency_code: currencyCode.optional(),
    expires_in_hours: expiresInHours.optional(),
    note: text(500).optional(),
    customer_email: email.optional(),
  })
  .strict()

/** A till's request: it says what it asks for and to whom. */
export const PosCreatePaymentLinkBody = z
  .object({
    payment_id: text(19).optional(),
    order_id: text(100).optional(),
    amount: minorAmount,
    currency_code: currencyCode,
    customer_email: email,
    expires_in_hours: expiresInHours.optional(),
    note: text(500).optional(),
  })
  .strict()
  .refine((b) => !!b.payment_id !== !!b.order_id, { message: "Expected exactly one of payment_id and order_id", path: ["payment_id"] })

/** The customer's page pays with the token of the card typed in the hosted form (an empty body asks for the form). */
export const PayPaymentLinkBody = z
  .object({
    hosted_tokenization_id: text(4096),
    return_url: ReturnUrl,
    browser: BrowserChoice.optional(),
  })
  .strict()
