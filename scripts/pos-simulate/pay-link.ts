import type { AxiosInstance } from "axios"

/** An approved test card of the sandbox acquirer, typed into its hosted form (never sent to the store). */
const APPROVED_TEST_CARD = "4242424242424242"

/** The webshop's publishable API key, which the Store API asks for. */
export async function publishableKey(http: AxiosInstance, headers: Record<string, string>): Promise<string> {
  const res = await http.get("/admin/api-keys?type=publishable&limit=1", { headers })
  const key = res.data?.api_keys?.[0]?.token
  if (!key) throw new Error("no publishable API key: seed the store first")
  return key
}

/**
 * The customer opens the link from their email and pays by card: the store answers with the
 * acquirer's hosted card form, the card is typed there, and the form's id is sent back.
 * True when the link ends paid.
 */
export async function payLinkAsCustomer(http: AxiosInstance, publishable: string, url: string): Promise<boolean> {
  const token = decodeURIComponent(url.split("/").pop() ?? "")
  const shop = { "x-publishable-api-key": publishable }
  const form = await http.post(`/store/omnichannel/payment-links/${encodeURIComponent(token)}/pay`, {}, { headers: shop })
  if (form.data?.status !== "card_required" || form.data.hosted_card?.kind === "worldline") return false
  const year = new Date().getFullYear() + 2
  const tokenized = await http.post(`${form.data.hosted_card.url}/tokenize`, { number: APPROVED_TEST_CARD, exp_month: 12, exp_year: year, cvc: "737", holder_name: "Offline Customer" })
  const paid = await http.post(
    `/store/omnichannel/payment-links/${encodeURIComponent(token)}/pay`,
    { hosted_tokenization_id: tokenized.data?.hostedTokenizationId, return_url: `${url}?returned=1` },
    { headers: shop }
  )
  return paid.data?.status === "paid"
}
