import type { Context, DAL } from "@medusajs/framework/types"
import { OmnichannelError } from "../../../errors/omnichannel-error"
import { newTerminalSecret, openSecret, sealSecret } from "../../../terminals/secret-box"
import { publicTerminal, type PublicTerminal, type TerminalDTO } from "../dto"
import { OPTIONS_KEY, type OmnichannelModuleOptions } from "../options"
import type { ModelService } from "../utils/model-service"
import Terminal from "../models/terminal"

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
}
