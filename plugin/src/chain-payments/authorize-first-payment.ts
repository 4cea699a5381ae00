import type OmnichannelModuleService from "../modules/omnichannel/service"
import type { Acquirer, CardInput, CofFlags } from "../acquirers/types"
import type { AuthorizationMode, Channel } from "../modules/omnichannel/types"
import { OmnichannelError } from "../errors/omnichannel-error"
import { runOnChain } from "./run-on-chain"

export type FirstPaymentInput = {
  card: CardInput
  amount: number
  currency_code: string
  mode: AuthorizationMode
  channel: Channel
  store_credentials: boolean
  idempotency_key: string
}

/**
 * The first payment of a purchase: tokenize the card (a purchase still completes when no
 * token can be made), open the chain, authorize with the acquirer, with the
 * credentials-on-file flags when the customer agreed to keep the card.
 */
export async function authorizeFirstPayment(
  ledger: OmnichannelModuleService,
  acquirer: Acquirer,
  input: FirstPaymentInput,
  warn: (msg: string) => void = () => undefined
) {
  let tokens: Awaited<ReturnType<OmnichannelModuleService["tokenizePan"]>> | null = null
  try {
    tokens = await ledger.tokenizePan(input.card.number)
  } catch (err) {
    if (OmnichannelError.is(err, "INVALID_CARD")) {
      throw err
    }
    warn(`omnichannel: payment continues without a card token: ${(err as Error).message}`)
  }

  const cof: CofFlags | undefined = input.store_credentials
    ? { requestor: "cardholderInitiated", sequence: "first" }
    : undefined
  const chain = await ledger.openChain({
    currency_code: input.currency_code,
    origin_channel: input.channel,
    card_token_id: tokens?.card_token.id ?? null,
    cof_consent: !!cof,
  })
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
    (op) =>
      acquirer.authorize({
        payment_id: chain.payment_id,
        amount: input.amount,
        currency_code: chain.currency_code,
        mode: input.mode,
        // A retry of a first payment opens a new chain, so only the caller's key is stable.
        idempotency_key: input.idempotency_key,
        operation_id: op.id,
        card: input.card,
        cof,
      })
  )
  return { chain, operation, tokens }
}
