import { useEffect, useRef, useState } from "react"
import { CardCheckout } from "../checkout.js"
import type { MountedCardForm } from "../hosted-card.js"
import type { CartRef } from "../types.js"
import { updateSlot, useCheckoutSlot } from "./checkout-slot.js"
import { kitOptions, type OmnichannelOptions } from "./options.js"

export type OmnichannelCardFormProps = OmnichannelOptions & {
  cart: CartRef
  /** Shows the shopper's consent to keep the card (for a logged-in customer). */
  offerToKeepCard?: boolean
  keepCardLabel?: string
  className?: string
}

/**
 * The platform's hosted card form for this cart: the card is typed in the platform's frame,
 * never in this page. useOmnichannelCardPayment's `pay` tokenizes what was typed there.
 */
export function OmnichannelCardForm({ cart, offerToKeepCard, keepCardLabel, className, ...options }: OmnichannelCardFormProps) {
  const element = useRef<HTMLDivElement>(null)
  const [problem, setProblem] = useState<string | null>(null)
  const slot = useCheckoutSlot(cart.id)
  const cartRef = useRef(cart)
  cartRef.current = cart

  useEffect(() => {
    let form: MountedCardForm | null = null
    let gone = false
    setProblem(null)
    new CardCheckout(kitOptions(options))
      .mountCardForm(cartRef.current, element.current!)
      .then((mounted) => {
        if (gone) return mounted.destroy()
        form = mounted
        updateSlot(cart.id, { form: mounted })
      })
      .catch((err: Error) => !gone && setProblem(err?.message || "The card form could not be shown."))
    return () => {
      gone = true
      form?.destroy()
      if (form) updateSlot(cart.id, { form: null })
    }
    // A new form only for another cart: the session it opened stays the cart's.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [cart.id])

  return (
    // Hidden, not unmounted, while a saved card is chosen: the shopper may come back to it.
    <div className={className} data-omnichannel-card-form="" hidden={!!slot.savedCard}>
      <div ref={element} />
      {problem && <p role="alert">{problem}</p>}
      {offerToKeepCard && (
        <label>
          <input type="checkbox" checked={slot.keepCard} onChange={(e) => updateSlot(cart.id, { keepCard: e.target.checked })} />{" "}
          {keepCardLabel ?? "Keep this card for my next purchases"}
        </label>
      )}
    </div>
  )
}
