import type { Context, DAL } from "@medusajs/framework/types"
import { InjectManager, MedusaContext } from "@medusajs/framework/utils"
import type { SqlEntityManager } from "@medusajs/framework/mikro-orm/postgresql"
import { OmnichannelError } from "../../../errors/omnichannel-error"
import { newTerminalSecret, openSecret, sealSecret } from "../../../terminals/secret-box"
import { publicTerminal, type PublicTerminal, type TerminalDTO } from "../dto"
import { OPTIONS_KEY, type OmnichannelModuleOptions } from "../options"
import type { ModelService } from "../utils/model-service"
import Terminal from "../models/terminal"
import { normalizeCurrency } from "../../../money"
import { offlineLimitFlagsOf, offlineLimitsOf, type OfflineLimitFlag, type OfflineLimits, type OfflinePaymentToCheck } from "../utils/offline-limits"

/** The tills: each with a secret that is shown once and kept only encrypted (keyed by tokenKey). */
export class Terminals {
  protected readonly baseRepository_: DAL.RepositoryService
  private readonly terminals_: ModelService<typeof Terminal>
  private readonly tokenKey_?: string

  constructor(cradle: Record<string, any>) {
    this.baseRepository_ = cradle.baseRepository
    this.terminals_ = cradle.omnichannelTerminalService
    this.tokenKey_ = (cradle[OPTIONS_KEY] as OmnichannelModuleOptions).tokenKey
  }

  private secretsKey(): string {
    if (!this.tokenKey_) {
      throw new OmnichannelError("OPERATION_NOT_ALLOWED", "terminals need the plugin option tokenKey (it keys their secrets)")
    }
    return this.tokenKey_
  }

  /** A new till; its secret is returned here once and stored only encrypted. */
  async createTerminal(
    input: { name: string; stock_location_id: string; webhook_url?: string | null },
    sharedContext: Context = {}
  ): Promise<{ terminal: PublicTerminal; secret: string }> {
    const secret = newTerminalSecret()
    const terminal = await this.baseRepository_.serialize<TerminalDTO>(await this.terminals_.create(
      {
        name: input.name,
        stock_location_id: input.stock_location_id,
        webhook_url: input.webhook_url ?? null,
        secret_ciphertext: sealSecret(this.secretsKey(), secret),
      },
      sharedContext
    ))
    return { terminal: publicTerminal(terminal), secret }
  }

  async rotateTerminalSecret(id: string, sharedContext: Context = {}) {
    const current = await this.baseRepository_.serialize<TerminalDTO>(await this.terminals_.retrieve(id, {}, sharedContext))
    if (current.deactivated_at) {
      throw new OmnichannelError("OPERATION_NOT_ALLOWED", `terminal ${id} is deactivated`)
    }
    const secret = newTerminalSecret()
    const terminal = await this.baseRepository_.serialize<TerminalDTO>(await this.terminals_.update(
      { id, secret_ciphertext: sealSecret(this.secretsKey(), secret), secret_rotated_at: new Date() },
      sharedContext
    ))
    return { terminal: publicTerminal(terminal), secret }
  }

  /**
   * Renames the till, changes its webhook, or sets (`offline`) or clears (`offline: null`) its
   * offline limits, set and cleared together. The route has checked the values; a deactivated
   * till is not changed.
   */
  async updateTerminal(
    id: string,
    input: { name?: string; webhook_url?: string | null; offline?: OfflineLimits | null },
    sharedContext: Context = {}
  ): Promise<PublicTerminal> {
    const [current] = await this.baseRepository_.serialize<TerminalDTO[]>(await this.terminals_.list({ id }, {}, sharedContext))
    if (!current) throw new OmnichannelError("NOT_FOUND", `id: no terminal ${id}`, "id")
    if (current.deactivated_at) throw new OmnichannelError("OPERATION_NOT_ALLOWED", `terminal ${id} is deactivated`)
    const offline =
      input.offline === undefined
        ? {}
        : {
            offline_max_payment: input.offline?.max_payment ?? null,
            offline_max_total: input.offline?.max_total ?? null,
            offline_max_hours: input.offline?.max_hours ?? null,
            offline_currency_code: input.offline ? normalizeCurrency(input.offline.currency_code, "offline.currency_code") : null,
          }
    const terminal = await this.baseRepository_.serialize<TerminalDTO>(await this.terminals_.update(
      {
        id,
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(input.webhook_url !== undefined ? { webhook_url: input.webhook_url } : {}),
        ...offline,
      },
      sharedContext
    ))
    return publicTerminal(terminal)
  }

  async deactivateTerminal(id: string, sharedContext: Context = {}): Promise<PublicTerminal> {
    const terminal = await this.baseRepository_.serialize<TerminalDTO>(await this.terminals_.update({ id, deactivated_at: new Date() }, sharedContext))
    return publicTerminal(terminal)
  }

  /** The terminal and its secret, for checking a request's signature; null if unknown or deactivated. */
  async activeTerminalSecret(id: string, sharedContext: Context = {}) {
    if (!id) return null
    const [terminal] = await this.baseRepository_.serialize<TerminalDTO[]>(await this.terminals_.list({ id, deactivated_at: null }, {}, sharedContext))
    if (!terminal) return null
    return { terminal: publicTerminal(terminal), secret: openSecret(this.secretsKey(), terminal.secret_ciphertext) }
  }

  /** The active terminals with a webhook, at one stock location or all. */
  async listWebhookTerminals(where: { stock_location_id?: string }, sharedContext: Context = {}) {
    return await this.baseRepository_.serialize<TerminalDTO[]>(await this.terminals_.list(
      { deactivated_at: null, webhook_url: { $ne: null }, ...(where.stock_location_id ? { stock_location_id: where.stock_location_id } : {}) },
      { select: ["id"] },
      sharedContext
    ))
  }

  /**
   * Per forwarded offline card payment, in order, the terminal's offline limits it went beyond
   * (utils/offline-limits.ts). One statement, whatever the list's length: the terminal's limits
   * and what its offline card payments still pending add up to in the limits' currency.
   */
  @InjectManager()
  async offlineLimitFlags(
    terminal_id: string,
    payments: OfflinePaymentToCheck[],
    received_at?: Date,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<OfflineLimitFlag[][]> {
    if (!payments.length) return []
    const manager = sharedContext.manager as SqlEntityManager
    const [row]: {
      offline_max_payment: number | null
      offline_max_total: number | null
      offline_max_hours: number | null
      offline_currency_code: string | null
      pending_total: string | null
    }[] = await manager.execute(
      `select t.offline_max_payment, t.offline_max_total, t.offline_max_hours, t.offline_currency_code,
              (select coalesce(sum(o.amount), 0) from omnichannel_operation o
                where o.terminal_id = t.id and o.status = 'pending' and o.type = 'payment' and o.method = 'card'
                  and o.metadata ->> 'offline' = 'true' and upper(o.currency_code) = upper(t.offline_currency_code)
                  and o.deleted_at is null) as pending_total
         from omnichannel_terminal t
        where t.id = ? and t.deleted_at is null`,
      [terminal_id]
    )
    const limits = row ? offlineLimitsOf(row) : null
    return offlineLimitFlagsOf(limits, Number(row?.pending_total ?? 0), payments, received_at ?? new Date())
  }
}
