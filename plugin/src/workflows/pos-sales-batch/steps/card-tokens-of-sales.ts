import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { OMNICHANNEL_MODULE } from "../../../modules/omnichannel"
import type { IOmnichannelModuleService } from "../../../modules/omnichannel/service"
import type { SaleCard, SaleToken } from "../types"

/**
 * The CRM token of each sale's card (the one with an offline token or PAR, else the first),
 * or null, in one read and one insert for the run. Tokens are kept: another purchase may
 * already name them.
 */
export const cardTokensOfSalesStep = createStep(
  "omnichannel-card-tokens-of-pos-sales",
  async ({ cards }: { cards: (SaleCard | null)[] }, { container }) => {
    const wanted = cards.flatMap((card, i) => (card ? [{ card, i }] : []))
    const tokens: SaleToken[] = cards.map(() => null)
    if (wanted.length) {
      const made = await container.resolve<IOmnichannelModuleService>(OMNICHANNEL_MODULE).tokenizeTerminalCards(wanted.map((w) => w.card))
      wanted.forEach((w, n) => (tokens[w.i] = made[n]))
    }
    return new StepResponse(tokens)
  }
)

/** The card a sale's CRM token comes from, as the single-sale workflow picks it. */
export function saleCard(payments: { method: string; card?: SaleCard }[]): SaleCard | null {
  const cards = payments.flatMap((p) => (p.method === "card" && p.card ? [p.card] : []))
  return cards.find((c) => c.offline_token || c.par) ?? cards[0] ?? null
}
