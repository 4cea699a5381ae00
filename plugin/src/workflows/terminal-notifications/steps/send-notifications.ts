import axios from "axios"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { OMNICHANNEL_MODULE } from "../../../modules/omnichannel"
import type { IOmnichannelModuleService } from "../../../modules/omnichannel/service"
import type { OutboxMessageDTO } from "../../../modules/omnichannel/service"
import { storeWebhookHeaders } from "../../../pos-client/signing"

type Outcome = { id: string; delivered: boolean; status: number | null; error: string | null }

/**
 * POSTs each claimed notification, signed with its terminal's current secret, and
 * records the outcome: 2xx is delivered; anything else (or no answer in time) is
 * retried later with backoff. The body's `id` is the delivery id the POS dedupes on.
 */
export const sendNotificationsStep = createStep(
  "omnichannel-send-notifications",
  async (messages: OutboxMessageDTO[], { container }) => {
    const ledger = container.resolve<IOmnichannelModuleService>(OMNICHANNEL_MODULE)
    const { timeoutMs } = ledger.webhookSettings
    // One lookup (and secret decryption) per terminal per run, however many messages it has.
    const targets = new Map<string, ReturnType<typeof ledger.webhookTarget>>()
    const targetOf = (terminalId: string) => {
      if (!targets.has(terminalId)) targets.set(terminalId, ledger.webhookTarget(terminalId))
      return targets.get(terminalId)!
    }
    const outcomes = await Promise.all(
      messages.map(async (message): Promise<Outcome> => {
        const target = await targetOf(message.terminal_id)
        if (!target) {
          await ledger.recordDeliveryAttempt(message.id, { delivered: false, error: "terminal deactivated or without webhook_url", give_up: true })
          return { id: message.id, delivered: false, status: null, error: "no target" }
        }
        const body = JSON.stringify({
          id: message.id,
          type: message.event_type,
          sequence: Number(message.sequence),
          created_at: new Date(message.created_at).toISOString(),
          data: message.payload,
        })
        const headers = storeWebhookHeaders(target.secret, { terminal_id: message.terminal_id, delivery_id: message.id, event_type: message.event_type }, body)
        let outcome: Outcome
        try {
          const res = await axios.post(target.url, body, {
            headers,
            timeout: timeoutMs,
            maxRedirects: 0,
            transformRequest: (data) => data,
            validateStatus: () => true,
          })
          const delivered = res.status >= 200 && res.status < 300
          outcome = { id: message.id, delivered, status: res.status, error: delivered ? null : `HTTP ${res.status}` }
        } catch (err) {
          const e = err as { code?: string; message?: string }
          outcome = { id: message.id, delivered: false, status: null, error: e.code ?? e.message ?? "request failed" }
        }
        await ledger.recordDeliveryAttempt(message.id, outcome)
        return outcome
      })
    )
    return new StepResponse(outcomes)
  }
)
