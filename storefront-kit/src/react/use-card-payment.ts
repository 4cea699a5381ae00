import { useCallback, useEffect, useRef, useState } from "react"
import { CardCheckout } from "../checkout.js"
import { challengeReturn, forgetChallengeReturn } from "../challenge-return.js"
import type { CartRef, PaymentStep, PlacedOrder, PlaceOrder } from "../types.js"
import { slotOf, useCheckoutSlot } from "./checkout-slot.js"
import { kitOptions, type OmnichannelOptions } from "./options.js"

export type CardPaymentOptions = OmnichannelOptions & {
  /** The cart being paid; not needed on the 3-D Secure return page (its URL names the cart). */
  cart?: CartRef | null
  /**
   * The storefront page 3-D Secure comes back to (absolute, or relative to this page): it
   * uses this hook with `afterChallenge`. The kit adds the cart's id to it.
   */
  returnUrl?: string
  /**
   * Pay without placing the order: the storefront's own function places it from the paid cart
   * (the starter's `placeOrder` server action). Without it, the kit completes the cart itself.
   */
  placeOrder?: PlaceOrder
  /** On the 3-D Secure return page: finish the payment the URL names, once, on mount. */
  afterChallenge?: boolean
  /** The order, when the kit placed it (no `placeOrder` given). */
  onOrder?: (order: PlacedOrder) => void
}

/** idle, paying, on the way to the issuer, done (the order placed) or failed (see `error`). */
export type CardPaymentStatus = "idle" | "paying" | "redirecting" | "placed" | "failed"

export type CardPayment = {
  status: CardPaymentStatus
  /** Words for the shopper when a payment did not go through. */
  error: string | null
  /** The order, when the kit placed it. */
  order: PlacedOrder | null
  /** A card form is on the page or a saved card is chosen. */
  ready: boolean
  /** Pays with the chosen saved card, else with what was typed in OmnichannelCardForm. */
  pay(): Promise<void>
}

/**
 * Paying the cart with the omnichannel provider: tokenizes the hosted form's card (or takes the
 * chosen saved card), pays, follows 3-D Secure to the issuer and, back on `returnUrl`, finishes.
 * It keeps no card data: only statuses, the error's words and the order.
 */
export function useOmnichannelCardPayment(options: CardPaymentOptions): CardPayment {
  const [status, setStatus] = useState<CardPaymentStatus>(options.afterChallenge ? "paying" : "idle")
  const [error, setError] = useState<string | null>(null)
  const [order, setOrder] = useState<PlacedOrder | null>(null)
  const latest = useRef(options)
  latest.current = options
  const slot = useCheckoutSlot(options.cart?.id)
  const resumed = useRef(false)

  const checkout = () => new CardCheckout({ ...kitOptions(latest.current), placeOrder: latest.current.placeOrder, followRedirect: true })

  const settle = useCallback((step: PaymentStep) => {
    if (step.type === "redirect") return setStatus("redirecting")
    if (step.type === "error") {
      setError(step.message)
      return setStatus("failed")
    }
    if (step.type === "order") {
      setOrder(step.order)
      latest.current.onOrder?.(step.order)
    }
    setStatus("placed")
  }, [])

  const pay = useCallback(async () => {
    const { cart, returnUrl } = latest.current
    if (!cart) throw new Error("useOmnichannelCardPayment: pay needs the cart")
    const chosen = slotOf(cart.id)
    setError(null)
    setStatus("paying")
    const back = returnUrl ?? window.location.href
    if (chosen.savedCard) return settle(await checkout().payWithSavedCard(cart, chosen.savedCard, { returnUrl: back }))
    if (!chosen.form) return settle({ type: "error", message: "The card form is not ready yet." })
    settle(await checkout().payWithCardForm(cart, chosen.form, { returnUrl: back, storeCredentials: chosen.keepCard }))
    // checkout() reads the latest options each time.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [settle])

  useEffect(() => {
    if (!options.afterChallenge || resumed.current) return
    resumed.current = true
    const back = challengeReturn()
    if (!back || !("cartId" in back)) return settle({ type: "error", message: "This page did not come back from your bank with a cart to pay." })
    forgetChallengeReturn()
    checkout().complete(back.cartId).then(settle)
    // Once per page: the return's marks are gone after the first run.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [])

  return { status, error, order, ready: !!(slot.form || slot.savedCard), pay }
}
