import type { Context, DAL } from "@medusajs/framework/types"
import { InjectTransactionManager, MedusaContext } from "@medusajs/framework/utils"
import type { SqlEntityManager } from "@medusajs/framework/mikro-orm/postgresql"
import type { OutboxMessageDTO } from "../dto"
import { OPTIONS_KEY, type OmnichannelModuleOptions } from "../options"
import type { WebhookSettings } from "../types"
import type { ModelService } from "../utils/model-service"
import OutboxMessage from "../models/outbox-message"
import type { Terminals } from "./terminals"

const DEFAULT_WEBHOOK_SETTINGS: WebhookSettings = {
  retryBaseMs: 5_000,
  maxBackoffMs: 15 * 60_000,
  maxAttempts: 20,
  timeoutMs: 5_000,
}

/** Notifications to the terminals' webhooks: queued with the change, delivered with retries. */
export class TerminalOutbox {
  // Read by Medusa's @InjectTransactionManager.
  protected readonly baseRepository_: DAL.RepositoryService
  private readonly messages_: ModelService<typeof OutboxMessage>
  private readonly terminals_: Terminals
  readonly webhookSettings: WebhookSettings

  constructor(cradle: Record<string, any>) {
    this.baseRepository_ = cradle.baseRepository
    this.messages_ = cradle.omnichannelOutboxMessageService
    this.terminals_ = cradle.terminals
    const given = Object.entries((cradle[OPTIONS_KEY] as OmnichannelModuleOptions).webhooks ?? {}).filter(
      ([, v]) => typeof v === "number" && v >= 0
    )
    this.webhookSettings = { ...DEFAULT_WEBHOOK_SETTINGS, ...Object.fromEntries(given) }
  }

  /**
   * Queues a notification for each active terminal with a webhook_url (at one stock
   * location, or all). Pass the caller's transaction to write it together with the change.
   */
  async enqueueTerminalNotifications(
    eventType: string,
    payload: Record<string, unknown>,
    where: { stock_location_id?: string } = {},
    sharedContext: Context = {}
  ): Promise<OutboxMessageDTO[]> {
    return await this.enqueueTerminalNotificationsForEach(eventType, [payload], where, sharedContext)
  }

  /** Like enqueueTerminalNotifications, several payloads for the same terminals with one lookup of them. */
  async enqueueTerminalNotificationsForEach(
    eventType: string,
    payloads: Record<string, unknown>[],
    where: { stock_location_id?: string } = {},
    sharedContext: Context = {}
  ): Promise<OutboxMessageDTO[]> {
    if (!payloads.length) return []
    const terminals = await this.terminals_.listWebhookTerminals(where, sharedContext)
    if (!terminals.length) return []
    const now = new Date()
    return await this.baseRepository_.serialize<OutboxMessageDTO[]>(await this.messages_.create(
      payloads.flatMap((payload) => terminals.map((t) => ({ terminal_id: t.id, event_type: eventType, payload, next_attempt_at: now }))),
      sharedContext
    ))
  }

  /**
   * Claims up to `limit` due notifications for one delivery run, oldest first. Rows a
   * concurrent run (on any instance) holds are skipped; a claim lapses after `leaseMs`.
   */
  @InjectTransactionManager()
  async claimDueDeliveries(limit: number, leaseMs: number, @MedusaContext() sharedContext: Context = {}): Promise<OutboxMessageDTO[]> {
    const manager = sharedContext.transactionManager as SqlEntityManager
    const rows: { id: string }[] = await manager.execute(
      `update omnichannel_outbox_message
          set lease_until = now() + (? * interval '1 millisecond'), attempts = attempts + 1, updated_at = now()
        where id in (
          select id from omnichannel_outbox_message
           where status = 'pending' and deleted_at is null and next_attempt_at <= now()
             and (lease_until is null or lease_until < now())
           order by sequence
           limit ?
           for update skip locked)
        returning id`,
      [leaseMs, limit]
    )
    if (!rows.length) return []
    return await this.baseRepository_.serialize<OutboxMessageDTO[]>(await this.messages_.list({ id: rows.map((r) => r.id) }, { order: { sequence: "ASC" } }, sharedContext))
  }

  /** Lets claimed notifications go without counting the attempt (the run stopped before sending). */
  async releaseDeliveries(ids: string[], sharedContext: Context = {}) {
    if (!ids.length) return
    const claimed = await this.baseRepository_.serialize<OutboxMessageDTO[]>(await this.messages_.list({ id: ids, status: "pending" }, {}, sharedContext))
    await this.baseRepository_.serialize<OutboxMessageDTO[]>(await this.messages_.update(
      claimed.map((m) => ({ id: m.id, lease_until: null, attempts: Math.max(0, m.attempts - 1) })),
      sharedContext
    ))
  }

  /**
   * The outcome of one attempt: delivered, or due again after an exponential backoff
   * (with jitter, so a POS coming back is not hit by every store at once), or given up
   * after `maxAttempts` or when its terminal can no longer receive it.
   */
  async recordDeliveryAttempt(
    id: string,
    outcome: { delivered: boolean; status?: number | null; error?: string | null; give_up?: boolean },
    sharedContext: Context = {}
  ): Promise<OutboxMessageDTO> {
    const message = await this.baseRepository_.serialize<OutboxMessageDTO>(await this.messages_.retrieve(id, {}, sharedContext))
    const settings = this.webhookSettings
    const base = { id, lease_until: null, last_status: outcome.status ?? null, last_error: outcome.error?.slice(0, 500) ?? null }
    if (outcome.delivered) {
      return await this.baseRepository_.serialize<OutboxMessageDTO>(await this.messages_.update({ ...base, status: "delivered", delivered_at: new Date() }, sharedContext))
    }
    if (outcome.give_up || message.attempts >= settings.maxAttempts) {
      return await this.baseRepository_.serialize<OutboxMessageDTO>(await this.messages_.update({ ...base, status: "dead" }, sharedContext))
    }
    const backoff = Math.min(settings.maxBackoffMs, settings.retryBaseMs * 2 ** Math.max(0, message.attempts - 1))
    const jittered = backoff * (0.8 + Math.random() * 0.4)
    return await this.baseRepository_.serialize<OutboxMessageDTO>(await this.messages_.update({ ...base, next_attempt_at: new Date(Date.now() + jittered) }, sharedContext))
  }

  /** Where and how to deliver to a terminal: its webhook_url and current secret; null if it can no longer receive. */
  async webhookTarget(terminalId: string, sharedContext: Context = {}) {
    const found = await this.terminals_.activeTerminalSecret(terminalId, sharedContext)
    if (!found?.terminal.webhook_url) return null
    return { url: found.terminal.webhook_url, secret: found.secret }
  }
}
