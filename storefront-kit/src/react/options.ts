import type Medusa from "@medusajs/js-sdk"
import type { SessionStarter } from "../types.js"

/**
 * What every component of the React kit takes: the storefront's js-sdk client and the Medusa
 * backend's URL (required: a Next.js storefront is not served by Medusa, and the sandbox's
 * card form and 3-D Secure pages are). Optionally the storefront's own way to start a payment
 * session (see SessionStarter) and a provider other than `pp_omnichannel_card`.
 */
export type OmnichannelOptions = Partial<SessionStarter> & {
  sdk: Medusa
  backendUrl: string
  providerId?: string
  /** Worldline's tokenizer script, when not the default next to its hosted page. */
  tokenizerScriptUrl?: string
}

/** The kit's classes take the same names; this keeps only those (no React props leak into them). */
export function kitOptions(o: OmnichannelOptions): OmnichannelOptions {
  return {
    sdk: o.sdk,
    backendUrl: o.backendUrl,
    providerId: o.providerId,
    tokenizerScriptUrl: o.tokenizerScriptUrl,
    ...(o.initiatePaymentSession ? { initiatePaymentSession: o.initiatePaymentSession } : {}),
  }
}
