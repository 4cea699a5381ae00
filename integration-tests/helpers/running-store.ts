import axios, { type AxiosInstance } from "axios"
import { DEMO_ADMIN, type SeedResult } from "../../src/scripts/seed"

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** Waits until a store started in another process answers /health; `alive` says whether it can still. */
export async function waitForStore(baseUrl: string, deadline: number, alive: () => boolean = () => true) {
  while (Date.now() < deadline) {
    if (!alive()) throw new Error(`the store at ${baseUrl} exited before answering`)
    const ok = await axios.get(`${baseUrl}/health`, { timeout: 2000 }).then((r) => r.status === 200, () => false)
    if (ok) return
    await sleep(500)
  }
  throw new Error(`the store did not answer ${baseUrl}/health in time`)
}

/** An admin API client for the demo admin the seed made. */
export async function adminClient(baseUrl: string): Promise<AxiosInstance> {
  const { data } = await axios.post(`${baseUrl}/auth/user/emailpass`, DEMO_ADMIN)
  return axios.create({ baseURL: baseUrl, headers: { authorization: `Bearer ${data.token}` }, validateStatus: () => true })
}

/** What the seed made, read back through the admin API (the seed ran in another process). */
export async function seedOf(adminApi: AxiosInstance): Promise<SeedResult> {
  const keys = (await adminApi.get("/admin/api-keys?type=publishable")).data.api_keys
  const regions = (await adminApi.get("/admin/regions?fields=id,currency_code")).data.regions
  const locations = (await adminApi.get("/admin/stock-locations?fields=id,name")).data.stock_locations
  const channels = (await adminApi.get("/admin/sales-channels?fields=id,name")).data.sales_channels
  const byName = (list: { id: string; name: string }[], name: string) => list.find((x) => x.name === name)!.id
  return {
    admin: DEMO_ADMIN,
    publishable_key: (keys.find((k: { title: string }) => k.title === "Webshop") ?? keys[0]).token,
    region_ids: {
      eur: regions.find((r: { currency_code: string }) => r.currency_code === "eur").id,
      jpy: regions.find((r: { currency_code: string }) => r.currency_code === "jpy").id,
    },
    sales_channel_ids: { webshop: byName(channels, "Webshop"), in_store: byName(channels, "In-store") },
    stock_location_ids: { web_warehouse: byName(locations, "Web warehouse"), store_paris: byName(locations, "Store Paris") },
  } as SeedResult
}
