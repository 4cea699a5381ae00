import { webhooks } from "onlinepayments-sdk-nodejs"
import { OmnichannelError } from "../../errors/omnichannel-error"
import type { WorldlineDirectSettings } from "./options"

type Moved = { id?: string | null; status?: string | null }
type WithAmount = { amountOfMoney?: { amount?: number | null; currencyCode?: string | null } | null }
type WithReferences = { references?: { merchantReference?: string | null } | null; operationReferences?: { merchantReference?: string | null } | null }

/** The envelope Worldline posts (the SDK's own type is not exported); one object per event. */
export type WorldlineWebhookEvent = {
  apiVersion?: string | null
  id?: string | null
  created?: string | null
  merchantId?: string | null
  type?: string | null
  payment?: (Moved & { paymentOutput?: (WithAmount & WithReferences) | null }) | null
  refund?: (Moved & { refundOutput?: (WithAmount & WithReferences) | null }) | null
  payout?: (Moved & { payoutOutput?: WithAmount | null }) | null
}

/**
 * Checks `X-GCS-Signature` (HMAC-SHA256 of the raw body with the webhook secret named by
 * `X-GCS-KeyId`) and parses the event, through the SDK's own helper.
 */
export async function verifyWorldlineWebhook(
  settings: Pick<WorldlineDirectSettings, "webhookKeyId" | "webhookSecret">,
  rawBody: Buffer | string | undefined,
  headers: Record<string, string | string[] | undefined>
): Promise<WorldlineWebhookEvent> {
  if (!settings.webhookKeyId || !settings.webhookSecret) {
    throw new OmnichannelError("NOT_FOUND", "worldline.webhookKeyId / webhookSecret: not configured, webhooks are refused")
  }
  if (!rawBody || rawBody.length === 0) {
    throw new OmnichannelError("INVALID_DATA", "body: empty webhook", "body")
  }
  const helper = webhooks.init({
    getSecretKey: async (keyId: string) => {
      if (keyId !== settings.webhookKeyId) {
        throw new OmnichannelError("INVALID_SIGNATURE", `X-GCS-KeyId: unknown key id "${keyId}"`, "X-GCS-KeyId")
      }
      return settings.webhookSecret!
    },
  })
  try {
    await helper.validate(rawBody, headers)
  } catch (err) {
    if (OmnichannelError.is(err)) throw err
    throw new OmnichannelError("INVALID_SIGNATURE", `X-GCS-Signature: ${(err as Error).message}`, "X-GCS-Signature")
  }
  let event: WorldlineWebhookEvent
  try {
    event = (await helper.unmarshal(rawBody, headers)) as WorldlineWebhookEvent
  } catch (err) {
    throw new OmnichannelError("INVALID_DATA", `body: not a Worldline webhook event (${(err as Error).message})`, "body")
  }
  if (typeof event?.id !== "string" || !event.id) {
    // The id is what makes a redelivery harmless.
    throw new OmnichannelError("INVALID_DATA", "id: a webhook event needs its id", "id")
  }
  return event
}
