import { useEffect, useState } from "react"
import { CardCheckout } from "../checkout.js"
import type { CartRef, SavedCard } from "../types.js"
import { updateSlot, useCheckoutSlot } from "./checkout-slot.js"
import type { OmnichannelOptions } from "./options.js"

/** What `GET /store/omnichannel/saved-cards` answers, or the kit's own SavedCard list. */
export type SavedCardsAnswer = { saved_cards: { crm_token: string; brand: string; last4: string }[] } | SavedCard[]

export type SavedCardsProps = Partial<Pick<OmnichannelOptions, "sdk">> & {
  cart: CartRef
  /** The cards, when the page has them already. */
  cards?: SavedCard[]
  /**
   * Loads them: the storefront's server action when the customer's token stays on its server
   * (the starter), else the kit asks the store with `sdk` (logged in through js-sdk).
   */
  load?: () => Promise<SavedCardsAnswer>
  newCardLabel?: string
  className?: string
}

function cardsOf(answer: SavedCardsAnswer): SavedCard[] {
  return Array.isArray(answer) ? answer : answer.saved_cards.map((c) => ({ token: c.crm_token, brand: c.brand, last4: c.last4 }))
}

/** The cards the logged-in customer kept, to pay with one instead of typing a card; nothing when none. */
export function SavedCards({ cart, cards, load, sdk, newCardLabel, className }: SavedCardsProps) {
  const [loaded, setLoaded] = useState<SavedCard[] | null>(cards ?? null)
  const slot = useCheckoutSlot(cart.id)

  useEffect(() => {
    if (cards) return setLoaded(cards)
    let gone = false
    const loading = load ? load().then(cardsOf) : sdk ? new CardCheckout({ sdk }).listSavedCards() : Promise.resolve([])
    // A guest, or no answer: the card form alone.
    loading.then((list) => !gone && setLoaded(list), () => !gone && setLoaded([]))
    return () => {
      gone = true
    }
  }, [cards, load, sdk])

  if (!loaded?.length) return null
  const name = `omnichannel-saved-card-${cart.id}`
  return (
    <fieldset className={className} data-omnichannel-saved-cards="">
      <legend>Your saved cards</legend>
      {loaded.map((card) => (
        <label key={card.token}>
          <input type="radio" name={name} checked={slot.savedCard === card.token} onChange={() => updateSlot(cart.id, { savedCard: card.token })} />{" "}
          {card.brand} •••• {card.last4}
        </label>
      ))}
      <label>
        <input type="radio" name={name} checked={!slot.savedCard} onChange={() => updateSlot(cart.id, { savedCard: null })} />{" "}
        {newCardLabel ?? "A new card"}
      </label>
    </fieldset>
  )
}
