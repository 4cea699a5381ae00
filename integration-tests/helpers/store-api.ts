import axios, { type AxiosInstance } from "axios"

const ADDRESS = { first_name: "Ada", last_name: "Lovelace", address_1: "10 rue de la Paix", city: "Paris", postal_code: "75002", country_code: "fr" }

/** The Store API from Node, standing in for a storefront's cart, address and account pages. */
export class StoreApi {
  readonly http: AxiosInstance
  constructor(readonly base: string, publishableKey: string) {
    this.http = axios.create({ baseURL: base, headers: { "x-publishable-api-key": publishableKey } })
  }

  /** A cart ready for payment: one shirt, email, addresses in France, standard shipping (as the starter's steps leave it). */
  async readyCart(email: string, customerToken?: string): Promise<string> {
    const headers = customerToken ? { authorization: `Bearer ${customerToken}` } : {}
    const { regions } = (await this.http.get("/store/regions?fields=id,currency_code")).data
    const region = regions.find((r: { currency_code: string }) => r.currency_code === "eur")
    const { cart } = (await this.http.post("/store/carts", { region_id: region.id }, { headers })).data
    const { products } = (await this.http.get(`/store/products?fields=id,*variants&region_id=${region.id}&limit=50`)).data
    const variant = products.flatMap((p: { variants: { id: string; sku: string }[] }) => p.variants).find((v: { sku: string }) => v.sku === "SHIRT-M")
    await this.http.post(`/store/carts/${cart.id}/line-items`, { variant_id: variant.id, quantity: 1 }, { headers })
    await this.http.post(`/store/carts/${cart.id}`, { email, shipping_address: ADDRESS, billing_address: ADDRESS }, { headers })
    const { shipping_options } = (await this.http.get(`/store/shipping-options?cart_id=${cart.id}`, { headers })).data
    const standard = shipping_options.find((o: { name: string }) => o.name === "Standard shipping")
    await this.http.post(`/store/carts/${cart.id}/shipping-methods`, { option_id: standard.id }, { headers })
    return cart.id
  }

  async cart(id: string) {
    return (await this.http.get(`/store/carts/${id}?fields=id,completed_at`)).data.cart as { id: string; completed_at: string | null }
  }

  /** A registered customer; answers a token to make their carts with. */
  async register(email: string, password: string): Promise<string> {
    const { token } = (await this.http.post("/auth/customer/emailpass/register", { email, password })).data
    await this.http.post("/store/customers", { email, first_name: "Grace", last_name: "Hopper" }, { headers: { authorization: `Bearer ${token}` } })
    return (await this.http.post("/auth/customer/emailpass", { email, password })).data.token
  }
}
