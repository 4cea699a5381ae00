/**
 * The way back from 3-D Secure. The issuer's page is another site, so a storefront cookie set
 * SameSite=Strict (Medusa's Next.js starter keeps the cart id that way) is not sent with the
 * shopper's return: the return URL itself carries what the return page needs.
 */
const CART_PARAM = "omnichannel_cart"
const LINK_PARAM = "omnichannel_link"

/** `returnUrl` (absolute, or a path on this page's origin) with one mark of ours added. */
function marked(returnUrl: string, name: string, value: string): string {
  const url = new URL(returnUrl, window.location.href)
  url.searchParams.set(name, value)
  return url.href
}

/** `returnUrl` with the cart's id added. */
export const cartReturnUrl = (returnUrl: string, cartId: string): string => marked(returnUrl, CART_PARAM, cartId)

/** `returnUrl` marked as a payment link's return (the link's token is already in its path). */
export const linkReturnUrl = (returnUrl: string): string => marked(returnUrl, LINK_PARAM, "1")

/** What a page reached from 3-D Secure learns from its own URL; null when it was not reached that way. */
export function challengeReturn(href: string = window.location.href): { cartId: string } | { paymentLink: true } | null {
  const url = new URL(href)
  const cartId = url.searchParams.get(CART_PARAM)
  if (cartId) return { cartId }
  if (url.searchParams.get(LINK_PARAM) === "1") return { paymentLink: true }
  return null
}

/** Takes the return's marks off the address bar, so a reload does not look like a new return. */
export function forgetChallengeReturn(): void {
  const url = new URL(window.location.href)
  for (const name of [CART_PARAM, LINK_PARAM, "paymentId", "RETURNMAC"]) url.searchParams.delete(name)
  window.history.replaceState(window.history.state, "", url.href)
}
