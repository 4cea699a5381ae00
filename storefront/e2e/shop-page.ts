import type { Page } from "playwright-core"

/** What a shopper does on the demo storefront, step by step. */

export const CARDS = {
  frictionless: "4242424242424242",
  challenge: "4000000000003220",
  challengeFails: "4000000000003238",
} as const

export async function addToCartAndCheckout(page: Page, base: string, email: string | null) {
  await page.goto(`${base}/shop`)
  await page.getByTestId("add-linen-shirt").click()
  await page.getByTestId("cart-line").first().waitFor()
  await page.getByTestId("checkout").click()
  if (email !== null) await page.getByTestId("address-email").fill(email)
  await page.getByTestId("to-shipping").click()
  await page.getByTestId("to-payment").click()
  await page.getByTestId("payment-step").waitFor()
}

/** Types a card in the hosted form's iframe (the page itself has no card field). */
/** Types a card in the sandbox's hosted form inside `container` (the shop's card step by default). */
export async function typeCard(page: Page, number: string, container = '[data-testid="card-form"]') {
  const frame = page.frameLocator(`${container} iframe`)
  await frame.getByTestId("card-number").fill(number)
  await frame.getByTestId("card-expiry").fill(`12/${(new Date().getFullYear() + 2) % 100}`)
  await frame.getByTestId("card-cvc").fill("737")
  await frame.getByTestId("card-holder").fill("Ada Lovelace")
}

export async function pay(page: Page) {
  await page.getByTestId("pay").click()
}

/** The order the confirmation page shows: its id and number. */
export async function confirmedOrder(page: Page) {
  const confirmation = page.getByTestId("confirmation")
  await confirmation.waitFor()
  return { id: (await confirmation.getAttribute("data-order-id"))!, number: (await page.getByTestId("order-number").innerText()).trim() }
}

export async function register(page: Page, base: string, email: string, password: string) {
  await page.goto(`${base}/shop`)
  await page.getByTestId("account-email").fill(email)
  await page.getByTestId("account-password").fill(password)
  await page.getByTestId("account-first-name").fill("Grace")
  await page.getByTestId("account-last-name").fill("Hopper")
  await page.getByTestId("register").click()
  await page.getByTestId("signed-in-as").waitFor()
}
