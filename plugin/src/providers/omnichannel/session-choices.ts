import { z } from "@medusajs/framework/zod"
import { OmnichannelError } from "../../errors/omnichannel-error"

// Only a web page: a javascript: or data: URL would run in whatever page follows it.
export const ReturnUrl = z
  .string()
  .url()
  .max(2048)
  .refine((u) => /^https?:\/\//i.test(u), "expected an http(s) URL of the storefront")

/** What a storefront says of the shopper's browser for 3-D Secure. */
export const BrowserChoice = z.object({
  accept_header: z.string().max(2048).optional(),
  user_agent: z.string().max(2048).optional(),
  locale: z.string().max(35).optional(),
  timezone_offset_minutes: z.number().int().optional(),
  color_depth: z.number().int().optional(),
  screen_height: z.number().int().optional(),
  screen_width: z.number().int().optional(),
  java_enabled: z.boolean().optional(),
  ip_address: z.string().max(64).optional(),
})

/**
 * What a storefront may put in a payment session's `data`: choices, never a card. The
 * CARD_DATA_NOT_ACCEPTED middleware refuses card numbers before Medusa stores anything;
 * this is the provider's own reading of the rest. Keys Medusa or the provider itself put
 * there (session_id, a previous step's description) pass through untouched.
 */
const SessionChoices = z
  .object({
    recorded_operation_id: z.string().nullish(),
    hosted_tokenization_id: z.string().min(1).max(4096).nullish(),
    saved_card: z.string().regex(/^[0-9A-Za-z]{12,19}$/, "expected a CRM token").nullish(),
    store_credentials: z.boolean().nullish(),
    return_url: ReturnUrl.nullish(),
    browser: BrowserChoice.nullish(),
  })
  .passthrough()

export type SessionChoices = {
  recorded_operation_id?: string
  hosted_tokenization_id?: string
  saved_card?: string
  store_credentials?: boolean
  return_url?: string
  browser?: z.infer<typeof BrowserChoice>
}

export function parseSessionChoices(data: unknown): SessionChoices {
  const result = SessionChoices.safeParse(data ?? {})
  if (!result.success) {
    const issue = result.error.issues[0]
    const field = `data.${issue.path.join(".")}`
    throw new OmnichannelError("INVALID_DATA", `${field}: ${issue.message}`, field)
  }
  const c = result.data
  return {
    recorded_operation_id: c.recorded_operation_id ?? undefined,
    hosted_tokenization_id: c.hosted_tokenization_id ?? undefined,
    saved_card: c.saved_card ?? undefined,
    store_credentials: c.store_credentials ?? undefined,
    return_url: c.return_url ?? undefined,
    browser: c.browser ?? undefined,
  }
}
