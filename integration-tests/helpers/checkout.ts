import { createOrderFulfillmentWorkflow } from "@medusajs/medusa/core-flows"
import type { AxiosInstance } from "axios"
import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { TestEventUtils } from "@medusajs/test-utils"
import type { SeedResult } from "../../src/scripts/seed"
import { OMNICHANNEL_PROVIDER_ID } from "../../src/scripts/seed"

export const TEST_CARDS = {
  approved: "4242424242424242",
  declined: "4000000000000002",
  insufficientFunds: "4000000000009995",
  acquirerError: "4000000000000119",
  challenge: "4000000000003220",
  challengeFails: "4000000000003238",
} as const

export const RETURN_URL = "http://localhost:8000/checkout/return"

/** The payment platform's side of a hosted form that is not the sandbox's (the local Worldline server). */
export type HostedPlatform = {
  /** `keep`: the shopper ticked "keep my card" (Worldline's storePermanently). */
  tokenize(hostedTokenizationId: string, pan: string, keep?: boolean): Promise<string>
  answerChallenge(redirectUrl: string, authenticated: boolean): Promise<void>
}

export type CheckoutOptions = {
  card: string
  store_credentials?: boolean
  currency?: "eur" | "jpy"
  sku?: string
  quantity?: number
  /** What the customer does on a 3-D Secure challenge: authenticate (default), fail, or never come back. */
  challenge?: "authenticate" | "fail" | "abandon"
  platform?: HostedPlatform
  /** A logged-in customer (see `registerCustomer`); a guest with a random email otherwise. */
  customer?: Customer
  /** Pay with this kept card (its CRM token) instead of typing one. */
  saved_card?: string
}

export type Customer = { email: string; headers: Record<string, string> }

/** A customer who registers and logs in, as a storefront does (Medusa's emailpass auth). */
export async function registerCustomer(api: AxiosInstance, seed: SeedResult): Promise<Customer> {
  const email = `customer-${Math.random().toString(36).slice(2, 8)}@example.com`
  const password = "a-long-test-password"
  const pk = { "x-publishable-api-key": seed.publishable_key }
  const { data: registered } = await api.post("/auth/customer/emailpass/register", { email, password })
  await api.post("/store/customers", { email, first_name: "Ada", last_name: "Lovelace" }, { headers: { ...pk, authorization: `Bearer ${registered.token}` } })
  const { data: login } = await api.post("/auth/customer/emailpass", { email, password })
  return { email, headers: { ...pk, authorization: `Bearer ${login.token}` } }
}

type HostedCard = { kind: "sandbox" | "worldline"; id: string; url: string }

/**
 * What the customer's browser does in the platform's hosted form: type the card there
 * and get a hostedTokenizationId back. The store never sees the number.
 */
export async function tokenizeInHostedForm(api: AxiosInstance, form: HostedCard, pan: string, platform?: HostedPlatform, keep = false): Promise<string> {
  if (form.kind === "worldline") {
    if (!platform) throw new Error("tokenizeInHostedForm: a Worldline form needs the platform's tokenizer")
    return platform.tokenize(form.id, pan, keep)
  }
  const { data } = await api.post(`${form.url}/tokenize`, {
    number: pan,
    exp_month: 12,
    exp_year: new Date().getFullYear() + 2,
    cvc: "737",
    holder_name: "Ada Lovelace",
  })
  return data.hostedTokenizationId
}

/** The customer's answer on the sandbox's 3-D Secure page (the redirect URL the session gave). */
export async function answerChallenge(api: AxiosInstance, redirectUrl: string, authenticated: boolean) {
  const { data } = await api.post(redirectUrl, { authenticated })
  return data as { return_url: string | null; passed: boolean }
}

/** A storefront's checkout through Medusa's Store API, ending in an order or an error. */
export async function checkout(api: AxiosInstance, seed: SeedResult, opts: CheckoutOptions) {
  const headers = opts.customer?.headers ?? { "x-publishable-api-key": seed.publishable_key }
  const currency = opts.currency ?? "eur"
  const country = currency === "eur" ? "fr" : "jp"
  const email = opts.customer?.email ?? `shopper-${Math.random().toString(36).slice(2, 8)}@example.com`

  const { data: products } = await api.get(`/store/products?region_id=${seed.region_ids[currency]}&fields=*variants`, { headers })
  const variant = products.products
    .flatMap((p: { variants: { id: string; sku: string }[] }) => p.variants)
    .find((v: { sku: string }) => v.sku === (opts.sku ?? "SHIRT-M"))

  const { data: created } = await api.post("/store/carts", { region_id: seed.region_ids[currency], email }, { headers })
  const cartId = created.cart.id
  await api.post(`/store/carts/${cartId}/line-items`, { variant_id: variant.id, quantity: opts.quantity ?? 2 }, { headers })
  const address = { first_name: "Ada", last_name: "Lovelace", address_1: "1 rue de Rivoli", city: "Paris", postal_code: "75001", country_code: country }
  await api.post(`/store/carts/${cartId}`, { shipping_address: address, billing_address: address }, { headers })
  const { data: options } = await api.get(`/store/shipping-options?cart_id=${cartId}`, { headers })
  const standard = options.shipping_options.find((o: { name: string }) => o.name === "Standard shipping")
  await api.post(`/store/carts/${cartId}/shipping-methods`, { option_id: standard.id }, { headers })
  const { data: pc } = await api.post("/store/payment-collections", { cart_id: cartId }, { headers })

  const sessionsUrl = `/store/payment-collections/${pc.payment_collection.id}/payment-sessions`
  const { session, challenged } = await payInHostedForm(api, headers, sessionsUrl, opts)
  if (challenged && opts.challenge === "abandon") {
    return { cart_id: cartId, email, session, challenged, completed: null, order: null }
  }

  const completed = await api.post(`/store/carts/${cartId}/complete`, {}, { headers }).catch((e) => e.response)
  return {
    cart_id: cartId,
    email,
    session,
    challenged,
    completed,
    order: completed.data?.type === "order" ? completed.data.order : null,
  }
}

/**
 * The storefront's card step: a session that shows the hosted form, the card typed there,
 * the session again with the form's token (the card is authorized now), and the 3-D
 * Secure challenge when the issuer asks for one. `session` is the last session answer.
 */
export async function payInHostedForm(api: AxiosInstance, headers: Record<string, string>, sessionsUrl: string, opts: CheckoutOptions) {
  const first = await api.post(sessionsUrl, { provider_id: OMNICHANNEL_PROVIDER_ID, data: {} }, { headers })
  const form = first.data.payment_collection.payment_sessions[0].data.hosted_card as HostedCard
  const card = opts.saved_card
    ? { saved_card: opts.saved_card }
    : { hosted_tokenization_id: await tokenizeInHostedForm(api, form, opts.card, opts.platform, opts.store_credentials ?? false), store_credentials: opts.store_credentials ?? false }
  const session = await api
    .post(sessionsUrl, { provider_id: OMNICHANNEL_PROVIDER_ID, data: { ...card, return_url: RETURN_URL } }, { headers })
    .catch((e) => e.response)
  const created = session.data?.payment_collection?.payment_sessions?.[0]
  const challenged = created?.status === "requires_more" ? (created.data.redirect_url as string) : null
  if (challenged && opts.challenge !== "abandon") {
    if (form.kind === "worldline") {
      await opts.platform!.answerChallenge(challenged, opts.challenge !== "fail")
    } else {
      await answerChallenge(api, challenged, opts.challenge !== "fail")
    }
  }
  return { session, challenged }
}

/** A checkout that waits until the order-placed subscribers (chain linking) have run. */
export async function placeOrder(api: AxiosInstance, container: MedusaContainer, seed: SeedResult, opts: CheckoutOptions) {
  // Medusa's default wait is 15 s; on a busy 2-core machine the order.placed subscribers have taken longer.
  const placed = TestEventUtils.waitSubscribersExecution("order.placed", container.resolve(Modules.EVENT_BUS), { timeout: 60_000 })
  const result = await checkout(api, seed, opts)
  if (result.order) await placed
  // No order: nothing will be placed; the wait must not reject into whatever test runs next.
  else placed.catch(() => undefined)
  return result
}

/** An online order paid by card and captured with Medusa's own admin action. */
export async function paidOnlineOrder(
  api: AxiosInstance,
  container: MedusaContainer,
  seed: SeedResult,
  adminHeaders: Record<string, string>,
  card: string = TEST_CARDS.approved,
  store_credentials = true,
  platform?: HostedPlatform
) {
  const { order, completed, session } = await placeOrder(api, container, seed, { card, store_credentials, platform })
  if (!order) {
    // Say why, instead of failing on a null order (and leaving the order.placed wait to fail the next test).
    throw new Error(`paidOnlineOrder: no order; session ${session?.status} ${JSON.stringify(session?.data?.payment_collection?.payment_sessions?.[0]?.data ?? session?.data)}; complete ${completed?.status} ${JSON.stringify(completed?.data)}`)
  }
  const { data } = await container.resolve(ContainerRegistrationKeys.QUERY).graph({
    entity: "order",
    fields: ["payment_collections.payments.id", "omnichannel_chains.payment_id"],
    filters: { id: order.id },
  })
  const o = data[0] as any
  await api.post(`/admin/payments/${o.payment_collections[0].payments[0].id}/capture`, {}, { headers: adminHeaders })
  return { order_id: order.id as string, payment_id: o.omnichannel_chains[0].payment_id as string }
}

/** Medusa's own fulfillment of every line of an order from the web warehouse: the customer has the goods (Medusa takes back only what left). */
export async function shipWholeOrder(container: MedusaContainer, seed: SeedResult, orderId: string) {
  const order = await container.resolve(Modules.ORDER).retrieveOrder(orderId, { relations: ["items"] })
  const [option] = await container.resolve(Modules.FULFILLMENT).listShippingOptions({ name: "Standard shipping" })
  await createOrderFulfillmentWorkflow(container).run({
    input: {
      order_id: orderId,
      location_id: seed.stock_location_ids.web_warehouse,
      shipping_option_id: option.id,
      items: order.items!.map((i) => ({ id: i.id, quantity: Number(i.quantity) })),
    } as never,
  })
}
