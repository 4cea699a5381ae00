import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { OmnichannelError } from "../errors/omnichannel-error"
import { toMajor, toMinor } from "../money"

/**
 * Gift cards and store credit are Medusa's own (@medusajs/loyalty-plugin): a gift card's
 * value sits in a store-credit account linked to it, a customer's credit in an account of
 * theirs. This file is the one place the plugin talks to those two modules; amounts cross
 * it in minor units. A store without the loyalty plugin refuses these tenders clearly.
 */
const LOYALTY = "loyalty"
const STORE_CREDIT = "store_credit"

type StoreCreditService = {
  listStoreCreditAccounts(filters: Record<string, unknown>): Promise<{ id: string; customer_id?: string | null; currency_code: string }[]>
  createStoreCreditAccounts(data: { customer_id?: string; currency_code: string }[]): Promise<{ id: string }[]>
  retrieveAccountStats(data: { account_id: string }): Promise<{ id: string; balance: unknown }>
  listAccountTransactions(filters: Record<string, unknown>): Promise<{ id: string; account_id: string; type: string; amount: unknown }[]>
  creditAccounts(data: StoredValueMove[]): Promise<{ id: string }[]>
  debitAccounts(data: StoredValueMove[]): Promise<{ id: string }[]>
  deleteAccountTransactions(ids: string[]): Promise<void>
}
type LoyaltyService = {
  listGiftCards(filters: Record<string, unknown>): Promise<GiftCard[]>
}
type GiftCard = { id: string; code: string; currency_code: string; status: string; expires_at?: Date | string | null }
type StoredValueMove = { account_id: string; amount: number; reference: string; reference_id: string; note?: string }

export function storedValueAvailable(container: MedusaContainer) {
  return container.hasRegistration(LOYALTY) && container.hasRegistration(STORE_CREDIT)
}

function storeCredit(container: MedusaContainer, field: string): StoreCreditService {
  if (!storedValueAvailable(container)) {
    throw new OmnichannelError(
      "TENDER_NOT_AVAILABLE",
      `${field}: gift cards and store credit need @medusajs/loyalty-plugin registered in the store`,
      field
    )
  }
  return container.resolve<StoreCreditService>(STORE_CREDIT)
}

/** Shows the last 4 characters only: a gift card code is a bearer instrument. */
export function maskCode(code: string) {
  return code.length <= 4 ? "****" : `****${code.slice(-4)}`
}

export type StoredValueAccount = { account_id: string; balance: number; gift_card_id?: string }

/** The account behind a gift card code, with its balance; GIFT_CARD_INVALID if it cannot pay in `currency`. */
export async function giftCardAccount(container: MedusaContainer, code: string, currency: string, field: string): Promise<StoredValueAccount> {
  const credit = storeCredit(container, field)
  const [card] = await container.resolve<LoyaltyService>(LOYALTY).listGiftCards({ code })
  const invalid = (why: string) => new OmnichannelError("GIFT_CARD_INVALID", `${field}: gift card ${maskCode(code)} ${why}`, field)
  if (!card) throw invalid("does not exist")
  if (card.expires_at && new Date(card.expires_at).getTime() < Date.now()) throw invalid("has expired")
  if (card.currency_code.toUpperCase() !== currency.toUpperCase()) throw invalid(`is in ${card.currency_code.toUpperCase()}, not ${currency.toUpperCase()}`)
  const { data } = await container.resolve(ContainerRegistrationKeys.QUERY).graph({
    entity: "gift_card_store_credit_account",
    fields: ["store_credit_account_id"],
    filters: { gift_card_id: card.id },
  })
  const accountId = (data[0] as { store_credit_account_id?: string } | undefined)?.store_credit_account_id
  if (!accountId) throw invalid("is not active yet")
  return { account_id: accountId, gift_card_id: card.id, balance: await balanceOf(credit, accountId, currency) }
}

/** The store-credit account of the customer with this email in `currency` (made when `create`). */
export async function customerAccount(
  container: MedusaContainer,
  customerId: string,
  currency: string,
  field: string,
  { create = false } = {}
): Promise<StoredValueAccount | null> {
  const credit = storeCredit(container, field)
  const [account] = await credit.listStoreCreditAccounts({ customer_id: customerId, currency_code: currency.toLowerCase() })
  if (account) return { account_id: account.id, balance: await balanceOf(credit, account.id, currency) }
  if (!create) return null
  const [made] = await credit.createStoreCreditAccounts([{ customer_id: customerId, currency_code: currency.toLowerCase() }])
  return { account_id: made.id, balance: 0 }
}

export async function customerIdByEmail(container: MedusaContainer, email: string) {
  const [customer] = await container.resolve(Modules.CUSTOMER).listCustomers({ email: email.toLowerCase() }, { select: ["id"] })
  return customer?.id ?? null
}

async function balanceOf(credit: StoreCreditService, accountId: string, currency: string) {
  const stats = await credit.retrieveAccountStats({ account_id: accountId })
  return toMinor(stats.balance as Parameters<typeof toMinor>[0], currency)
}

/**
 * Moves stored value once per `reference_id`: a retry finds its transaction and moves
 * nothing. A debit above the balance is refused by the module under its row lock.
 */
export async function moveStoredValue(
  container: MedusaContainer,
  kind: "debit" | "credit",
  move: { account_id: string; amount: number; currency_code: string; reference: string; reference_id: string; note?: string },
  field: string,
  insufficient: "GIFT_CARD_INSUFFICIENT" | "STORE_CREDIT_INSUFFICIENT" = "GIFT_CARD_INSUFFICIENT"
): Promise<{ transaction_id: string; moved: boolean }> {
  const credit = storeCredit(container, field)
  const earlier = await earlierMove(container, move.account_id, move.reference, move.reference_id)
  if (earlier) return { transaction_id: earlier, moved: false }
  const input: StoredValueMove = {
    account_id: move.account_id,
    amount: toMajor(move.amount, move.currency_code),
    reference: move.reference,
    reference_id: move.reference_id,
    note: move.note,
  }
  try {
    const [tx] = kind === "debit" ? await credit.debitAccounts([input]) : await credit.creditAccounts([input])
    return { transaction_id: tx.id, moved: true }
  } catch (err) {
    if ((err as Error).message === "Insufficient balance") {
      throw new OmnichannelError(insufficient, `${field}: the balance no longer covers ${move.amount}`, field)
    }
    throw err
  }
}

/** The transaction an earlier run made under this reference, if any. */
export async function earlierMove(container: MedusaContainer, accountId: string, reference: string, referenceId: string) {
  const [earlier] = await storeCredit(container, "payments").listAccountTransactions({ account_id: accountId, reference, reference_id: referenceId })
  return earlier?.id ?? null
}

export async function undoStoredValueMoves(container: MedusaContainer, transactionIds: string[]) {
  if (transactionIds.length) await container.resolve<StoreCreditService>(STORE_CREDIT).deleteAccountTransactions(transactionIds)
}

export const REFUND_REFERENCE = "omnichannel_refund"

/**
 * A refund in kind as a new gift card, through the loyalty plugin's own workflow (code,
 * backing account, credit). One per refund key: a retry gets the card it made before.
 */
export async function issueGiftCard(
  container: MedusaContainer,
  input: { amount: number; currency_code: string; reference_id: string; customer_id?: string | null; note?: string | null },
  field: string
): Promise<{ gift_card_id: string; code: string; issued: boolean }> {
  storeCredit(container, field)
  const loyalty = container.resolve<LoyaltyService>(LOYALTY)
  const [earlier] = await loyalty.listGiftCards({ reference: REFUND_REFERENCE, reference_id: input.reference_id })
  if (earlier) return { gift_card_id: earlier.id, code: earlier.code, issued: false }
  // Loaded only here: the loyalty plugin is optional for stores that take no gift cards.
  const { createGiftCardsWorkflow } = await import("@medusajs/loyalty-plugin/workflows")
  const { result } = await createGiftCardsWorkflow(container).run({
    input: [
      {
        value: toMajor(input.amount, input.currency_code),
        currency_code: input.currency_code.toLowerCase(),
        reference: REFUND_REFERENCE,
        reference_id: input.reference_id,
        customer_id: input.customer_id ?? undefined,
        note: input.note ?? undefined,
      },
    ] as never,
  })
  const [card] = result as unknown as GiftCard[]
  return { gift_card_id: card.id, code: card.code, issued: true }
}

/** Takes back a gift card issued by a refund that did not complete: its value and the card. */
export async function withdrawGiftCard(container: MedusaContainer, giftCardId: string) {
  const { data } = await container.resolve(ContainerRegistrationKeys.QUERY).graph({
    entity: "gift_card_store_credit_account",
    fields: ["store_credit_account_id"],
    filters: { gift_card_id: giftCardId },
  })
  const accountId = (data[0] as { store_credit_account_id?: string } | undefined)?.store_credit_account_id
  const credit = container.resolve<StoreCreditService>(STORE_CREDIT)
  if (accountId) {
    const txs = await credit.listAccountTransactions({ account_id: accountId })
    await undoStoredValueMoves(container, txs.map((t) => t.id))
  }
  await container.resolve<LoyaltyService & { deleteGiftCards(ids: string[]): Promise<void> }>(LOYALTY).deleteGiftCards([giftCardId])
}
