/** What a shopper does in the Next.js storefront's pages, and the watch on what those pages send. */
import type { BrowserContext, Frame, Page, Request } from "playwright-core"
import { CARDS, typeCard } from "../../storefront/e2e/shop-page"

// The sandbox's test cards and its hosted form, as the shop's suite types them.
export { CARDS, typeCard }

const CARD_NUMBER = new RegExp(`(?:${Object.values(CARDS).map((n) => n.replace(/(\d{4})(?=\d)/g, "$1[ -]?")).join("|")})`)
const HOSTED_CARD = "/omnichannel/sandbox/hosted-card/"

const inHostedCard = (frame: Frame | null) => {
  try {
    return !!frame && new URL(frame.url()).pathname.startsWith(HOSTED_CARD)
  } catch {
    return false
  }
}

/**
 * Every request Chromium makes for the pages (documents, scripts, fetches, server actions'
 * POSTs, the payment link page's Store API calls, iframes' loads) except the sandbox hosted
 * card page's own (where the card is typed, the platform's page): none may carry a card number
 * in its URL, headers or body. The hosted page's own requests are counted as the proof that the
 * watch sees card numbers where they are.
 */
export class CardNumberWatch {
  leaks: string[] = []
  serverActions = 0
  serverActionLeaks: string[] = []
  hostedCardSightings = 0

  watch(context: BrowserContext) {
    context.on("request", (req: Request) => {
      const body = req.postData() ?? ""
      const headers = JSON.stringify(req.headers())
      const carries = CARD_NUMBER.test(req.url() + "\n" + headers + "\n" + body)
      const own = inHostedCard(req.frame()) || new URL(req.url()).pathname.startsWith(HOSTED_CARD)
      if (own) {
        if (carries) this.hostedCardSightings++
        return
      }
      const what = `${req.method()} ${req.url().split("?")[0]}`
      if (carries) this.leaks.push(what)
      if (req.method() === "POST" && req.headers()["next-action"]) {
        this.serverActions++
        if (carries) this.serverActionLeaks.push(what)
      }
    })
  }
}

/** The checkout's payment step: choose the omnichannel card (optionally a saved card or the new card typed), continue to review. */
export async function choosePayment(page: Page, app: string, how: { card?: string; keepCard?: boolean; savedLast4?: string; beforeContinue?: () => Promise<unknown> }) {
  await page.goto(`${app}/fr/checkout?step=payment`)
  await page.getByTestId("payment-method-pp_omnichannel_card").check()
  await page.locator("[data-omnichannel-card-form] iframe").waitFor()
  if (how.savedLast4) await page.locator("[data-omnichannel-saved-cards]").waitFor()
  if (how.savedLast4) await page.locator("[data-omnichannel-saved-cards] label", { hasText: how.savedLast4 }).locator("input").check()
  if (how.card) await typeCard(page, how.card, "[data-omnichannel-card-form]")
  if (how.keepCard) await page.getByLabel("Keep this card for my next purchases").check()
  await how.beforeContinue?.()
  await page.getByTestId("submit-payment-button").click()
  await page.waitForURL(/[?&]step=review/)
}

export async function placeOrder(page: Page) {
  await page.getByTestId("review-step").getByRole("button", { name: "Place order" }).click()
}

/** The confirmation page the starter's placeOrder redirects to: the order's id and number. */
export async function confirmedOrder(page: Page) {
  await page.waitForURL(/\/fr\/order\/[^/]+\/confirmed/, { timeout: 60_000 })
  const shown = page.getByTestId("order-confirmed")
  await shown.waitFor()
  return { id: (await shown.getAttribute("data-order-id"))!, number: (await page.getByTestId("order-number").innerText()).trim() }
}

/** On the sandbox issuer's 3-D Secure page: answer it. */
export async function answerChallenge(page: Page, pass = true) {
  await page.waitForURL(/\/omnichannel\/sandbox\/3ds\//)
  await page.getByTestId(pass ? "challenge-authenticate" : "challenge-fail").click()
}
