import type { HostedCardForm } from "./types.js"
import { mountSandboxFrame } from "./sandbox-frame.js"
import { mountWorldlineTokenizer } from "./worldline-tokenizer.js"

/** A hosted card form on the page: `submit` tokenizes what the shopper typed and gives its hostedTokenizationId. */
export interface MountedCardForm {
  /** `storePermanently`: the shopper agreed to keep the card (Worldline then keeps a permanent token). */
  submit(opts?: { storePermanently?: boolean }): Promise<string>
  destroy(): void
}

export type MountOptions = { backendUrl: string; tokenizerScriptUrl?: string }

/** Shows the platform's card form in `element`; the card is typed there, never in our page. */
export function mountHostedCard(form: HostedCardForm, element: HTMLElement, opts: MountOptions): Promise<MountedCardForm> {
  return form.kind === "worldline"
    ? mountWorldlineTokenizer(form, element, opts.tokenizerScriptUrl)
    : mountSandboxFrame(form, element, opts.backendUrl)
}
