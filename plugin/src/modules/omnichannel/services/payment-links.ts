import { randomBytes } from "crypto"
import type { Context, DAL } from "@medusajs/framework/types"
import { InjectTransactionManager, MedusaContext } from "@medusajs/framework/utils"
import type { SqlEntityManager } from "@medusajs/framework/mikro-orm/postgresql"
import { OmnichannelError } from "../../../errors/omnichannel-error"
import { assertMinorAmount, normalizeCurrency } from "../../../money"
import type { PaymentLinkDTO, PaymentLinkView } from "../dto"
import { OPTIONS_KEY, type OmnichannelModuleOptions } from "../options"
import type { ModelService } from "../utils/model-service"
import PaymentLink from "../models/payment-link"

export const DEFAULT_PAYMENT_LINK_URL = "http://localhost:9000/shop/pay/{token}"
export const DEFAULT_PAYMENT_LINK_HOURS = 72
export const MAX_PAYMENT_LINK_HOURS = 24 * 30

export type NewPaymentLink = {
  chain_id: string
  payment_id: string
  order_id: string | null
  amount: number
  currency_code: string
  expires_in_hours?: number
  customer_email?: string | null
  note?: string | null
  origin: "admin" | "pos"
  terminal_id?: string | null
  actor_id?: string | null
}

/**
 * Payment links: a request to pay an amount on a chain, paid at most once. Every change of
 * status happens under a row lock on the link, so a payment, a cancel and an expiry racing
 * each other settle in one order.
 */
export class PaymentLinks {
  // Read by Medusa's @InjectTransactionManager.
  protected readonly baseRepository_: DAL.RepositoryService
  private readonly links_: ModelService<typeof PaymentLink>
  private readonly options_: OmnichannelModuleOptions

  constructor(cradle: Record<string, any>) {
    this.baseRepository_ = cradle.baseRepository
    this.links_ = cradle.omnichannelPaymentLinkService
    this.options_ = (cradle[OPTIONS_KEY] as OmnichannelModuleOptions | undefined) ?? {}
  }

  async createPaymentLink(input: NewPaymentLink, sharedContext: Context = {}): Promise<PaymentLinkDTO> {
    assertMinorAmount(input.amount)
    if (input.amount <= 0) {
      throw new OmnichannelError("INVALID_AMOUNT", "amount: a payment link asks for more than 0", "amount")
    }
    const hours = input.expires_in_hours ?? this.options_.paymentLinks?.expiresInHours ?? DEFAULT_PAYMENT_LINK_HOURS
    return await this.baseRepository_.serialize<PaymentLinkDTO>(await this.links_.create(
      {
        ...input,
        currency_code: normalizeCurrency(input.currency_code),
        // 32 random bytes: the link is its own credential.
        token: randomBytes(32).toString("base64url"),
        expires_at: new Date(Date.now() + hours * 3_600_000),
        status: "open",
      },
      sharedContext
    ))
  }

  /** The link a token opens, its expiry applied; PAYMENT_LINK_NOT_FOUND for any other token. */
  async retrievePaymentLinkByToken(token: string, sharedContext: Context = {}): Promise<PaymentLinkDTO> {
    const [link] = token ? await this.baseRepository_.serialize<PaymentLinkDTO[]>(await this.links_.list({ token }, {}, sharedContext)) : []
    if (!link) {
      throw new OmnichannelError("PAYMENT_LINK_NOT_FOUND", "token: no payment link has this token", "token")
    }
    return await this.expireIfDue(link, sharedContext)
  }

  async retrievePaymentLink(id: string, sharedContext: Context = {}): Promise<PaymentLinkDTO> {
    const [link] = await this.baseRepository_.serialize<PaymentLinkDTO[]>(await this.links_.list({ id }, {}, sharedContext))
    if (!link) {
      throw new OmnichannelError("PAYMENT_LINK_NOT_FOUND", `id: payment link ${id} not found`, "id")
    }
    return await this.expireIfDue(link, sharedContext)
  }

  async listPaymentLinks(where: { order_id?: string; chain_id?: string | string[] }, sharedContext: Context = {}): Promise<PaymentLinkDTO[]> {
    const links = await this.baseRepository_.serialize<PaymentLinkDTO[]>(await this.links_.list(where, { order: { created_at: "DESC" }, take: 200 }, sharedContext))
    return await Promise.all(links.map((l) => this.expireIfDue(l, sharedContext)))
  }

  /** The payment the customer just started; the link must still be open. */
  @InjectTransactionManager()
  async startPaymentLinkAttempt(id: string, operationId: string, @MedusaContext() sharedContext: Context = {}) {
    const link = await this.lockLink(id, sharedContext)
    assertPayable(link)
    return await this.baseRepository_.serialize<PaymentLinkDTO>(await this.links_.update({ id, attempt_operation_id: operationId }, sharedContext))
  }

  /**
   * Paid by `operationId`, once: a link already paid by it is returned as it is; one paid by
   * another payment, or canceled meanwhile, is refused (the caller gives the money back).
   * A payment started before the link expired still counts.
   */
  @InjectTransactionManager()
  async markPaymentLinkPaid(id: string, operationId: string, @MedusaContext() sharedContext: Context = {}) {
    const link = await this.lockLink(id, sharedContext)
    if (link.status === "paid" && link.paid_operation_id === operationId) return link
    const startedInTime = link.status === "expired" && link.attempt_operation_id === operationId
    if (link.status !== "open" && !startedInTime) {
      throw notPayable(link)
    }
    return await this.baseRepository_.serialize<PaymentLinkDTO>(await this.links_.update(
      { id, status: "paid", paid_operation_id: operationId, attempt_operation_id: operationId, paid_at: new Date() },
      sharedContext
    ))
  }

  /** Undoes `markPaymentLinkPaid` by this payment (its recording failed and the money goes back): the link is payable again. */
  @InjectTransactionManager()
  async reopenPaymentLink(id: string, operationId: string, @MedusaContext() sharedContext: Context = {}) {
    const link = await this.lockLink(id, sharedContext)
    if (link.status !== "paid" || link.paid_operation_id !== operationId) return link
    return await this.baseRepository_.serialize<PaymentLinkDTO>(await this.links_.update({ id, status: "open", paid_operation_id: null, paid_at: null }, sharedContext))
  }

  /** Canceled now; a paid link stays paid and is returned as it is (refund its payment instead). */
  @InjectTransactionManager()
  async cancelPaymentLink(id: string, @MedusaContext() sharedContext: Context = {}) {
    const link = await this.lockLink(id, sharedContext)
    if (link.status === "canceled" || link.status === "paid") return link
    return await this.baseRepository_.serialize<PaymentLinkDTO>(await this.links_.update({ id, status: "canceled", canceled_at: new Date() }, sharedContext))
  }

  /** What the admin, the till and the customer's page are shown of a link. */
  viewPaymentLink(link: PaymentLinkDTO): PaymentLinkView {
    return {
      id: link.id,
      url: this.paymentLinkUrl(link.token),
      amount: link.amount,
      currency_code: link.currency_code,
      status: link.status,
      expires_at: link.expires_at,
      customer_email: link.customer_email,
      note: link.note,
      origin: link.origin,
      terminal_id: link.terminal_id,
      chain_id: link.chain_id,
      payment_id: link.payment_id,
      order_id: link.order_id,
      paid_at: link.paid_at,
      paid_operation_id: link.paid_operation_id,
      created_at: link.created_at,
    }
  }

  paymentLinkUrl(token: string): string {
    return (this.options_.paymentLinks?.url ?? DEFAULT_PAYMENT_LINK_URL).replace("{token}", encodeURIComponent(token))
  }

  private async expireIfDue(link: PaymentLinkDTO, sharedContext: Context): Promise<PaymentLinkDTO> {
    if (link.status !== "open" || new Date(link.expires_at).getTime() > Date.now()) return link
    return await this.expire(link.id, sharedContext)
  }

  @InjectTransactionManager()
  private async expire(id: string, @MedusaContext() sharedContext: Context = {}) {
    const link = await this.lockLink(id, sharedContext)
    if (link.status !== "open") return link
    return await this.baseRepository_.serialize<PaymentLinkDTO>(await this.links_.update({ id, status: "expired" }, sharedContext))
  }

  private async lockLink(id: string, sharedContext: Context): Promise<PaymentLinkDTO> {
    const manager = sharedContext.transactionManager as SqlEntityManager
    const rows = await manager.execute("select id from omnichannel_payment_link where id = ? and deleted_at is null for update", [id])
    if (!rows.length) {
      throw new OmnichannelError("PAYMENT_LINK_NOT_FOUND", `id: payment link ${id} not found`, "id")
    }
    return await this.baseRepository_.serialize<PaymentLinkDTO>(await this.links_.retrieve(id, {}, sharedContext))
  }
}

export function assertPayable(link: PaymentLinkDTO) {
  if (link.status !== "open") throw notPayable(link)
}

function notPayable(link: PaymentLinkDTO) {
  const why = { paid: "has already been paid", expired: "has expired", canceled: "was canceled", open: "is open" }[link.status]
  return new OmnichannelError("PAYMENT_LINK_NOT_PAYABLE", `this payment link ${why}`)
}
