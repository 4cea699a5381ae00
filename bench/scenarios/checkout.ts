import axios from "axios"
import { payInHostedForm, TEST_CARDS } from "../../integration-tests/helpers/checkout"
import { cartOrder, type StoreContext } from "../flows"
import { sequential, type LoadResult } from "../load"

export type CheckoutResult = { ours: LoadResult; ours_challenged: LoadResult; medusa: LoadResult; p50_ratio: number; p50_ratio_challenged: number }

/**
 * A whole storefront checkout (cart, lines, address, shipping, payment, completion) paid by
 * card through the platform's hosted form with the sandbox (two sessions, the form's
 * tokenize call, the authorization; and once more with a 3-D Secure challenge answered),
 * against the same checkout paid with Medusa's system provider, one at a time, the same count.
 */
export async function checkoutAgainstMedusa(baseUrl: string, ctx: StoreContext, count: number): Promise<CheckoutResult> {
  const store = axios.create({ baseURL: baseUrl })
  const hosted = (card: string) => (url: string, headers: Record<string, string>) =>
    payInHostedForm(store, headers, url, { card, challenge: "authenticate" }).then(({ session }) => {
      if (session.status !== 200) throw new Error(`payment session failed: ${JSON.stringify(session.data)}`)
    })
  const medusa = await sequential(count, () => cartOrder(store, ctx).then(() => undefined))
  const ours = await sequential(count, () => cartOrder(store, ctx, hosted(TEST_CARDS.approved)).then(() => undefined))
  const ours_challenged = await sequential(count, () => cartOrder(store, ctx, hosted(TEST_CARDS.challenge)).then(() => undefined))
  const ratio = (r: LoadResult) => Math.round((r.p50_ms / medusa.p50_ms) * 100) / 100
  return { ours, ours_challenged, medusa, p50_ratio: ratio(ours), p50_ratio_challenged: ratio(ours_challenged) }
}
