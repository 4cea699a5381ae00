import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import { OMNICHANNEL_MODULE } from "../../../modules/omnichannel"
import type { IOmnichannelModuleService, OperationDTO } from "../../../modules/omnichannel/service"
import { offlineOutcomeOf } from "../../../modules/omnichannel/money/offline-outcomes"
import { orderContact } from "../../../notifications/send"
import { orderIdOfChain } from "../../common/order-of-chain"

export type DeclineRecovery = {
  /** False: not a decline, or its recovery already ran (a replay sends nothing again). */
  needed: boolean
  operation_id: string
  payment_id: string
  order_id: string | null
  amount: number
  currency_code: string
  /** The sale's email (its order's), else that of a customer the card's CRM token belongs to; null: nobody to write to. */
  email: string | null
}

/** Whom a card declined after the sale can be asked to pay again, and whether that was done already. */
export const findDeclineRecoveryStep = createStep(
  "omnichannel-find-decline-recovery",
  async ({ operation }: { operation: OperationDTO }, { container }) => {
    const ledger = container.resolve<IOmnichannelModuleService>(OMNICHANNEL_MODULE)
    const outcome = offlineOutcomeOf(operation)
    const chain = await ledger.retrieveOmnichannelChain(operation.chain_id)
    const needed = operation.status === "failed" && outcome?.outcome === "declined" && !outcome.recovered_at
    const order_id = await orderIdOfChain(container, chain.id)
    const email = needed ? ((await orderContact(container, order_id))?.email ?? (await cardHolderEmail(container, chain.card_token_id))) : null
    return new StepResponse<DeclineRecovery>({
      needed,
      operation_id: operation.id,
      payment_id: chain.payment_id,
      order_id,
      amount: operation.amount,
      currency_code: operation.currency_code,
      email,
    })
  }
)

/** The email of a customer the card's CRM token is linked to (links/card-token-customer.ts), if any has one. */
async function cardHolderEmail(container: MedusaContainer, cardTokenId: string | null | undefined): Promise<string | null> {
  if (!cardTokenId) return null
  const { data } = await container.resolve(ContainerRegistrationKeys.QUERY).graph({
    entity: "omnichannel_card_token",
    fields: ["id", "customers.email"],
    filters: { id: cardTokenId },
  })
  const customers = ((data[0] as { customers?: ({ email?: string | null } | null)[] } | undefined)?.customers ?? []).filter(Boolean)
  return customers.find((c) => c!.email)?.email ?? null
}
