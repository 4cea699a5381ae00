import type { HostedCardForm } from "./types.js"
import type { MountedCardForm } from "./hosted-card.js"

const ANSWER_TIMEOUT_MS = 60_000

/**
 * The sandbox's hosted card page in an iframe. The card stays in the frame; we only ask it to
 * tokenize (postMessage) and get the hostedTokenizationId back.
 */
export async function mountSandboxFrame(form: HostedCardForm, element: HTMLElement, backendUrl: string): Promise<MountedCardForm> {
  const src = new URL(form.url, backendUrl)
  // The page then answers only this origin.
  src.searchParams.set("origin", window.location.origin)
  const frame = document.createElement("iframe")
  frame.src = src.href
  frame.title = "Card details"
  frame.style.cssText = "width:100%;min-height:320px;border:0"
  const loaded = new Promise<void>((resolve) => frame.addEventListener("load", () => resolve(), { once: true }))
  element.replaceChildren(frame)
  await loaded

  return {
    submit: () =>
      new Promise<string>((resolve, reject) => {
        const done = () => {
          window.removeEventListener("message", onMessage)
          clearTimeout(timer)
        }
        const onMessage = (event: MessageEvent) => {
          // Only the frame we made may answer.
          if (event.source !== frame.contentWindow || event.origin !== src.origin) return
          const msg = event.data as { type?: string; hostedTokenizationId?: string; message?: string }
          if (msg?.type === "omnichannel:tokenized" && msg.hostedTokenizationId) {
            done()
            resolve(msg.hostedTokenizationId)
          } else if (msg?.type === "omnichannel:error") {
            done()
            reject(new Error(msg.message || "The card form could not take this card."))
          }
        }
        const timer = setTimeout(() => {
          done()
          reject(new Error("The card form did not answer."))
        }, ANSWER_TIMEOUT_MS)
        window.addEventListener("message", onMessage)
        frame.contentWindow?.postMessage({ type: "omnichannel:submit" }, src.origin)
      }),
    destroy: () => frame.remove(),
  }
}
