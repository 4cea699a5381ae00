import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { OMNICHANNEL_MODULE } from "../../../modules/omnichannel"
import type { IOmnichannelModuleService } from "../../../modules/omnichannel/service"
import type { CardTokenDTO, OperationDTO } from "../../../modules/omnichannel/service"
import { recordOperationOnOrder, undoRecordOperationOnOrder, type ChainWithToken, type RecordedOnOrderUndo } from "../../payments/steps/record-operation-on-order"
import { chainIdsOfOrder, orderIdOfChain } from "../../common/order-of-chain"
import { isOfflineCard, saleOperationKey, salePaymentOperation } from "../sale-payment-fields"
import type { PosSaleInput, SaleTarget, SaleTender } from "../types"

type Undo = {
  chain_id?: string
  link?: Record<string, Record<string, string>>
  operations: string[]
  recorded: RecordedOnOrderUndo[]
}

/**
 * The sale's payments, every tender: on the chain (opened here when the sale starts a
 * purchase, with the card's CRM token from the terminal's offline token or PAR, if any)
 * and as Medusa payments of the order, so the order's totals include them. Each payment
 * has its own idempotency key (terminal, sale, position): a retried sale records nothing twice.
 */
export const recordSalePaymentsStep = createStep(
  "omnichannel-record-sale-payments",
  async (
    input: {
      sale: PosSaleInput
      target: SaleTarget
      order_id: string
      order_created?: boolean
      tenders?: SaleTender[]
      stored_value_transactions?: Record<number, string>
    },
    { container }
  ) => {
    const ledger = container.resolve<IOmnichannelModuleService>(OMNICHANNEL_MODULE)
    const undo: Undo = { operations: [], recorded: [] }
    const { sale, target } = input

    const cards = sale.payments.flatMap((p) => (p.method === "card" && p.card ? [p.card] : []))
    const card = cards.find((c) => c.offline_token || c.par) ?? cards[0]
    let cardToken: CardTokenDTO | null = null
    if (card) {
      // A sale is never refused for a token that cannot be made.
      cardToken = await ledger
        .tokenizeTerminalCard(card)
        .then((t) => t.card_token)
        .catch(() => null)
    }

    // A run of this sale cut short (its instance died) may have opened and linked the chain
    // to the order it made; an order made by this run has none yet.
    let chainId = target.chain_id ?? (input.order_created ? undefined : (await chainIdsOfOrder(container, input.order_id))[0])
    let chain: ChainWithToken
    if (!chainId) {
      const opened = await ledger.openChain({
        currency_code: target.currency_code,
        origin_channel: "in_store",
        card_token_id: cardToken?.id ?? null,
        // A card the plugin cannot recognise (no offline token, no PAR) cannot be kept for later.
        cof_consent: !!card?.store_credentials && !!cardToken,
        metadata: { pos_sale_id: sale.sale_id, terminal_id: sale.terminal.id },
        // seed 003: with a platform that issues payment ids, the in-store card payment's id is the purchase's.
        payment_id: ledger.platformPaymentIds ? firstCardReference(sale.payments) : null,
      })
      chainId = undo.chain_id = opened.id
      chain = { ...opened, card_token: cardToken }
    } else {
      chain = await ledger.retrieveOmnichannelChain(chainId, { relations: ["card_token"] })
    }

    if (undo.chain_id === chainId || !(await orderIdOfChain(container, chainId))) {
      const link = {
        [Modules.ORDER]: { order_id: input.order_id },
        [OMNICHANNEL_MODULE]: { omnichannel_chain_id: chainId },
      }
      await container.resolve(ContainerRegistrationKeys.LINK).create(link)
      undo.link = link
    }

    const operations: OperationDTO[] = []
    const firstCard = sale.payments.findIndex((p) => p.method === "card")
    const offlineFlags = await offlineFlagsOf(ledger, sale, target.currency_code)
    try {
      for (const [i, payment] of sale.payments.entries()) {
        const key = saleOperationKey(sale, i)
        // A chain this run opened has no payments of an earlier run.
        const already = undo.chain_id === chainId ? [] : await ledger.listOmnichannelOperations({ chain_id: chainId, idempotency_key: key })
        // The purchase's first payment, with the customer's consent: credentials on file.
        const cofFirst =
          payment.method === "card" && !!payment.card?.store_credentials && !!cardToken && undo.chain_id === chainId && i === firstCard
        const op = await ledger.beginOperation(
          chainId,
          salePaymentOperation(sale, payment, i, {
            currency_code: target.currency_code,
            cof_first: cofFirst,
            tender: input.tenders?.find((t) => t.index === i),
            stored_value_transaction_id: input.stored_value_transactions?.[i],
            offline_flags: offlineFlags.get(i),
          })
        )
        if (!already.length) undo.operations.push(op.id)
        if (!op.medusa_payment_id) {
          const { result, undo: recorded } = await recordOperationOnOrder(container, { order_id: input.order_id, operation: op, fresh: !already.length, chain })
          undo.recorded.push(recorded)
          operations.push({ ...op, medusa_payment_id: result.payment_id })
        } else {
          operations.push(op)
        }
      }
    } catch (err) {
      await undoSalePayments(container, undo)
      throw err
    }
    return new StepResponse(
      { chain_id: chainId, payment_id: chain.payment_id, crm_token: chain.card_token?.token ?? null, operations },
      undo
    )
  },
  async (undo, { container }) => {
    if (undo) await undoSalePayments(container, undo)
  }
)

async function undoSalePayments(container: Parameters<typeof recordOperationOnOrder>[0], undo: Undo) {
  const ledger = container.resolve<IOmnichannelModuleService>(OMNICHANNEL_MODULE)
  for (const recorded of undo.recorded.reverse()) {
    await undoRecordOperationOnOrder(container, recorded)
  }
  if (undo.operations.length) await ledger.softDeleteOmnichannelOperations(undo.operations)
  if (undo.link) await container.resolve(ContainerRegistrationKeys.LINK).dismiss(undo.link)
  if (undo.chain_id) await ledger.softDeleteOmnichannelChains([undo.chain_id])
  undo.recorded = []
  undo.operations = []
  undo.link = undefined
  undo.chain_id = undefined
}

/**
 * The terminal's offline limits each card it approved offline went beyond (flagged for the
 * admin, never refused: the goods have left), by tender position; one statement, none without offline cards.
 */
async function offlineFlagsOf(ledger: IOmnichannelModuleService, sale: PosSaleInput, currency_code: string): Promise<Map<number, string[]>> {
  const offline = [...sale.payments.entries()].filter(([, p]) => isOfflineCard(p))
  if (!offline.length) return new Map()
  const flags = await ledger.offlineLimitFlags(
    sale.terminal.id,
    offline.map(([, p]) => ({ amount: p.amount, currency_code, occurred_at: sale.occurred_at })),
    new Date()
  )
  return new Map(offline.map(([i], k) => [i, flags[k] ?? []]))
}

function firstCardReference(payments: { method: string; acquirer_reference?: string | null }[]): string | null {
  return payments.find((p) => p.method === "card")?.acquirer_reference ?? null
}
