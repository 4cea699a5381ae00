import { useSyncExternalStore } from "react"
import type { MountedCardForm } from "../hosted-card.js"

/**
 * What the shopper chose for one cart, shared by the components that show it and the button
 * that pays: in Medusa's Next.js starter the card form sits in the payment step and the button
 * in the review step, two branches that share no parent of ours. It holds the hosted form's
 * handle, a saved card's CRM token and the keep-card consent: never card data (that stays in
 * the platform's form).
 */
export type CheckoutSlot = { form: MountedCardForm | null; savedCard: string | null; keepCard: boolean }

const EMPTY: CheckoutSlot = Object.freeze({ form: null, savedCard: null, keepCard: false })
const slots = new Map<string, CheckoutSlot>()
const listeners = new Set<() => void>()

export function slotOf(cartId: string | undefined | null): CheckoutSlot {
  return (cartId && slots.get(cartId)) || EMPTY
}

export function updateSlot(cartId: string, change: Partial<CheckoutSlot>): void {
  slots.set(cartId, { ...slotOf(cartId), ...change })
  for (const notify of listeners) notify()
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}

/** The cart's slot, re-rendering when any component changes it. */
export function useCheckoutSlot(cartId: string | undefined | null): CheckoutSlot {
  return useSyncExternalStore(
    subscribe,
    () => slotOf(cartId),
    () => EMPTY
  )
}
