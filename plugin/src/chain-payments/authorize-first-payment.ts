import type { IOmnichannelModuleService } from "../modules/omnichannel/service"
import type { AcquirerResult, BrowserData, CofFlags, TokenizedCard } from "../acquirers/types"
import type { AuthorizationMode, Channel } from "../modules/omnichannel/types"
import type { CardTokenDTO } from "../modules/omnichannel/service"
import { askAcquirer, runOnChain } from "./run-on-chain"

/** The card of a first payment: typed in the platform's hosted form, or kept from an earlier purchase. */
export type FirstPaymentCard =
  | { kind: "hosted"; hosted_tokenization_id: string }
  | { kind: "saved"; card_token: CardTokenDTO & { acquirer_token: string } }

export type FirstPaymentInput = {
  card: FirstPaymentCard
  amount: number
  currency_code: string
  mode: AuthorizationMode
  channel: Channel
  store_credentials: boolean
  idempotency_key: string
  return_url?: string
  browser?: BrowserData
}

/**
 * The first payment of a purchase: learn from the platform what card was tokenized and
 * make its CRM token (a purchase still completes when no token can be made), open the
 * chain, authorize with the credentials-on-file flags (first, when the customer agrees to
 * keep the card; subsequent, customer-initiated, when paying with a kept card). The answer
 * may ask for the customer (3-D Secure): the operation then stays pending with the
 * acquirer's redirect URL in `action`.
 */
export async function authorizeFirstPayment(
  ledger: IOmnichannelModuleService,
  input: FirstPaymentInput,
  warn: (msg: string) => void = () => undefined
) {
  const acquirer = ledger.acquirer
  let card_token: CardTokenDTO | null = null
  let offline_token: string | null = null
  let described: TokenizedCard | null = null
  if (input.card.kind === "hosted") {
    described = await askAcquirer(acquirer.describeHostedCard(input.card.hosted_tokenization_id))
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
      (answer = await acquirer.authorize({
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
