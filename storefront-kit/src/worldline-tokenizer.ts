import type { HostedCardForm } from "./types.js"
import type { MountedCardForm } from "./hosted-card.js"

/** The part of Worldline's browser tokenizer we use (their tokenizer.min.js defines it globally). */
type WorldlineTokenizer = {
  initialize(): Promise<unknown>
  submitTokenization(opts?: { storePermanently?: boolean }): Promise<{ success: boolean; hostedTokenizationId?: string; error?: { message?: string } }>
  destroy?(): void
}
type TokenizerClass = new (url: string, divId: string, options: Record<string, unknown>) => WorldlineTokenizer

const scripts = new Map<string, Promise<void>>()

function loadScript(src: string): Promise<void> {
  let loading = scripts.get(src)
  if (!loading) {
    loading = new Promise<void>((resolve, reject) => {
      const tag = document.createElement("script")
      tag.src = src
      tag.onload = () => resolve()
      tag.onerror = () => reject(new Error(`Could not load the card form (${src}).`))
      document.head.appendChild(tag)
    })
    scripts.set(src, loading)
  }
  return loading
}

/** Worldline serves the tokenizer script from the same host as the hosted tokenization page. */
export function tokenizerScriptFor(hostedTokenizationUrl: string): string {
  return `${new URL(hostedTokenizationUrl).origin}/hostedtokenization/js/client/tokenizer.min.js`
}

/** Worldline's Hosted Tokenization Page, mounted by their own script into `element`. */
export async function mountWorldlineTokenizer(form: HostedCardForm, element: HTMLElement, scriptUrl?: string): Promise<MountedCardForm> {
  await loadScript(scriptUrl ?? tokenizerScriptFor(form.url))
  const Tokenizer = (window as unknown as { Tokenizer?: TokenizerClass }).Tokenizer
  if (!Tokenizer) throw new Error("The card form script did not load.")
  // Their tokenizer finds its container by id.
  if (!element.id) element.id = `omni-card-${form.id}`
  element.replaceChildren()
  const tokenizer = new Tokenizer(form.url, element.id, { hideCardholderName: false })
  await tokenizer.initialize()
  return {
    submit: async (opts) => {
      // The form was created without asking consent itself: our checkbox decides.
      const result = await tokenizer.submitTokenization({ storePermanently: !!opts?.storePermanently })
      if (!result.success || !result.hostedTokenizationId) {
        throw new Error(result.error?.message || "The card form could not take this card.")
      }
      return result.hostedTokenizationId
    },
    destroy: () => {
      tokenizer.destroy?.()
      element.replaceChildren()
    },
  }
}
