import { OmnichannelError } from "../../../errors/omnichannel-error"
import type { AcquirerResult, CofFlags, TokenizedCard } from "../../../acquirers/types"
import type { CardTokenDTO, OperationDTO } from "../dto"
import type { AuthorizeFirstInput, AuthorizeFirstResult, ChargeSubsequentInput, PayLinkInput, PayLinkResult } from "./types"
import { acquirerKeys, askAcquirer, runOnChain, type MoneyDeps } from "./run-on-chain"

/**
 * The first payment of a purchase: learn from the platform what card was tokenized and
 * make its CRM token (a purchase still completes when no token can be made), open the
 * chain, authorize with the credentials-on-file flags (first, when the customer agrees to
 * keep the card; subsequent, customer-initiated, when paying with a kept card). The answer
 * may ask for the customer (3-D Secure): the operation then stays pending with the
 * acquirer's redirect URL in `action`.
 */
export async function authorizeFirst({ ledger, acquirer, warn }: MoneyDeps, input: AuthorizeFirstInput): Promise<AuthorizeFirstResult> {
  let card_token: CardTokenDTO | null = null
  let offline_token: string | null = null
  let described: TokenizedCard | null = null
  if (input.card.kind === "hosted") {
    described = await askAcquirer(acquirer().describeHostedCard(input.card.hosted_tokenization_id))
    try {
      ;({ card_token, offline_token } = await ledger.tokenizeHostedCard(described, input.store_credentials))
    } catch (err) {
      warn(`omnichannel: payment continues without a card token: ${(err as Error).message}`)
    }
  } else {
    card_token = input.card.card_token
  }

  const saved = input.card.kind === "saved"
  const cof: CofFlags | undefined = saved
    ? { requestor: "cardholderInitiated", sequence: "subsequent" }
    : input.store_credentials
      ? { requestor: "cardholderInitiated", sequence: "first" }
      : undefined
  let chain = await ledger.openChain({
    currency_code: input.currency_code,
    origin_channel: input.channel,
    card_token_id: card_token?.id ?? null,
    cof_consent: !!cof,
  })
  let answer: AcquirerResult | null = null
  const operation = await runOnChain(
    ledger,
    chain.id,
    {
      type: input.mode === "SALE" ? "payment" : "authorization",
      channel: input.channel,
      amount: input.amount,
      currency_code: input.currency_code,
      authorization_mode: input.mode,
      idempotency_key: input.idempotency_key,
      cof_requestor: cof?.requestor ?? null,
      cof_sequence: cof?.sequence ?? null,
    },
    async (op) =>
      (answer = await acquirer().authorize({
        payment_id: chain.payment_id,
        amount: input.amount,
        currency_code: chain.currency_code,
        mode: input.mode,
        // A retry of a first payment opens a new chain, so only the caller's key is stable.
        idempotency_key: input.idempotency_key,
        operation_id: op.id,
        ...(input.card.kind === "hosted"
          ? { hosted_tokenization_id: input.card.hosted_tokenization_id }
          : { acquirer_token: input.card.card_token.acquirer_token }),
        cof,
        return_url: input.return_url,
        browser: input.browser,
      }))
  )
  // Assigned in the callback, which TypeScript cannot see: read it once, typed.
  const result = answer as AcquirerResult | null
  if (ledger.platformPaymentIds && result?.reference) {
    // seed 003: the online first payment's id at the platform is the purchase's payment id.
    chain = await ledger.adoptPaymentId(chain.id, result.reference)
  }
  const summary = card_token
    ? { brand: card_token.brand, bin: card_token.bin, last4: card_token.last4 }
    : described && { brand: described.brand, bin: described.bin, last4: described.last4 }
  const action = result?.status === "requires_action" ? { redirect_url: result.redirect_url ?? null } : null
  return { chain, operation, card_token, offline_token, card: summary ?? null, action }
}

/**
 * The customer pays a link with a card typed in the platform's hosted form: a SALE on the
 * link's chain, channel `pay_by_link`, customer-initiated (no credentials on file). The link
 * names the payment as its attempt before the acquirer is asked, so one that waits for 3-D
 * Secure can be found and settled from the link.
 */
export async function payLink({ ledger, acquirer }: MoneyDeps, input: PayLinkInput): Promise<PayLinkResult> {
  const { link } = input
  const described = await askAcquirer(acquirer().describeHostedCard(input.hosted_tokenization_id))
  const { card_token } = await ledger.tokenizeHostedCard(described, false).catch(() => ({ card_token: null }))
  const chain = await ledger.retrieveOmnichannelChain(link.chain_id)
  let answer: AcquirerResult | null = null
  const operation = await runOnChain(
    ledger,
    chain.id,
    {
      type: "payment",
      channel: "pay_by_link",
      method: "card",
      amount: link.amount,
      currency_code: link.currency_code,
      authorization_mode: "SALE",
      idempotency_key: input.idempotency_key,
      reference: link.id,
      // The card the chain takes if the payment goes through and the chain has none yet.
      metadata: card_token ? { card_token_id: card_token.id } : null,
    },
    async (pending) => {
      await ledger.startPaymentLinkAttempt(link.id, pending.id).catch(async (err) => {
        // The link stopped being payable (expired, canceled) before the acquirer was asked.
        await ledger.settleOperation(pending.id, { status: "failed", error_code: "PAYMENT_LINK_NOT_PAYABLE", error_message: (err as Error).message })
        throw err
      })
      return (answer = await acquirer().authorize({
        payment_id: chain.payment_id,
        amount: link.amount,
        currency_code: link.currency_code,
        mode: "SALE",
        ...acquirerKeys(pending),
        hosted_tokenization_id: input.hosted_tokenization_id,
        return_url: input.return_url,
        browser: input.browser,
      }))
    }
  )
  const result = answer as AcquirerResult | null
  return { operation, redirect_url: operation.status === "pending" ? (result?.redirect_url ?? null) : null }
}

/**
 * Charges the card of the chain's first payment again (merchant-initiated, credentials on
 * file). Refused with COF_CONSENT_MISSING when that first payment carried no consent.
 */
export async function chargeSubsequent({ ledger, acquirer }: MoneyDeps, input: ChargeSubsequentInput): Promise<OperationDTO> {
  const chain = await ledger.retrieveOmnichannelChain(input.chain_id)
  const operations = await ledger.listOmnichannelOperations({ chain_id: chain.id }, { order: { created_at: "ASC", id: "ASC" } })
  const first = operations.find((o) => (o.type === "payment" || o.type === "authorization") && o.status === "succeeded")
  if (!chain.cof_consent || !first?.cof_requestor) {
    throw new OmnichannelError(
      "COF_CONSENT_MISSING",
      `payment_id: the first payment of ${chain.payment_id} was made without consent to keep the card`,
      "payment_id"
    )
  }
  const cof = { requestor: "merchantInitiated", sequence: "subsequent" } as const
  return await runOnChain(
    ledger,
    chain.id,
    {
      type: input.authorization_mode === "SALE" ? "payment" : "authorization",
      channel: "online",
      amount: input.amount,
      currency_code: chain.currency_code,
      authorization_mode: input.authorization_mode,
      idempotency_key: input.idempotency_key,
      actor_id: input.actor_id ?? null,
      cof_requestor: cof.requestor,
      cof_sequence: cof.sequence,
      parent_operation_id: first.id,
    },
    (pending) =>
      acquirer().authorize({
        payment_id: chain.payment_id,
        amount: input.amount,
        currency_code: chain.currency_code,
        mode: input.authorization_mode,
        ...acquirerKeys(pending),
        initial_reference: first.acquirer_reference!,
        cof,
      })
  )
}
