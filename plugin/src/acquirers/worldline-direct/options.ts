import { z } from "@medusajs/framework/zod"

/** Plugin option `worldline` (needed when `acquirer` is "worldline-direct"). */
export const WorldlineDirectOptionsSchema = z.object({
  /** API base URL, e.g. https://payment.preprod.direct.worldline-solutions.com */
  endpoint: z.string().url(),
  merchantId: z.string().min(1),
  apiKeyId: z.string().min(1),
  secretApiKey: z.string().min(1),
  /** Webhook key id and secret from the merchant portal; without them webhooks are refused. */
  webhookKeyId: z.string().min(1).optional(),
  webhookSecret: z.string().min(1).optional(),
  /** One call's time limit; a call not answered in time is sent again with the same key. */
  timeoutMs: z.number().int().positive().default(10_000),
})

export type WorldlineDirectOptions = z.input<typeof WorldlineDirectOptionsSchema>
export type WorldlineDirectSettings = z.output<typeof WorldlineDirectOptionsSchema>

export function parseWorldlineOptions(options: unknown): WorldlineDirectSettings {
  const parsed = WorldlineDirectOptionsSchema.safeParse(options ?? {})
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    throw new Error(
      `medusa-plugin-omnichannel: option worldline.${issue.path.join(".") || "(all)"}: ${issue.message}`
    )
  }
  return parsed.data
}
