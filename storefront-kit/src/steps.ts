/** What the card checkouts (cart and payment link) share about ending a step. */

/** The words for a failed step: the server's message (js-sdk puts it on the error), or a plain one. */
export function failure(err: unknown): { type: "error"; message: string } {
  return { type: "error", message: (err as Error)?.message || "The payment did not go through." }
}

/**
 * The issuer's 3-D Secure page, resolved against the backend (the sandbox answers a relative
 * URL); the browser goes there unless the caller wants to.
 */
export function challengeRedirect(redirectUrl: string, backendUrl: string, follow: boolean): { type: "redirect"; url: string } {
  const url = new URL(redirectUrl, backendUrl).href
  if (follow) window.location.assign(url)
  return { type: "redirect", url }
}
