import type { AxiosInstance, AxiosResponse } from "axios"
import type { MedusaContainer } from "@medusajs/framework/types"
import { seedReferenceStore, type SeedResult } from "../../src/scripts/seed"

export type Headers = Record<string, string>

/** Seeds the reference store and logs its demo admin in through Medusa's auth route. */
export async function seedAndLogin(container: MedusaContainer, api: AxiosInstance) {
  const seed: SeedResult = await seedReferenceStore(container)
  const { data } = await api.post("/auth/user/emailpass", {
    email: seed.admin.email,
    password: seed.admin.password,
  })
  const headers: Headers = { authorization: `Bearer ${data.token}` }
  return { seed, headers }
}

/**
 * The seeded reference store and its logged-in admin, for a `testSuite`. Seeded once, before
 * all tests: the runner snapshots the database when the first test starts (after the
 * suite's `beforeAll` hooks) and restores that snapshot before every other test, so each
 * test still starts from a freshly seeded store, without paying for the seed again
 * (seeding is most of a short test's time). `admin` and `chainOf` call as that admin.
 */
export function seededStore(api: AxiosInstance, getContainer: () => MedusaContainer) {
  const store = {
    container: undefined as unknown as MedusaContainer,
    seed: undefined as unknown as SeedResult,
    headers: {} as Headers,
    /** A call as the admin (plus `extra` headers), answering the response whatever its status. */
    admin: (method: "get" | "post" | "delete", url: string, body?: unknown, extra: Headers = {}): Promise<AxiosResponse> =>
      api.request({ method, url, data: body, headers: { ...store.headers, ...extra } }).catch((e) => e.response),
    /** A chain as the admin API shows it. */
    chainOf: async (paymentId: string) => (await store.admin("get", `/admin/omnichannel/chains/${paymentId}`)).data.chain,
  }
  beforeAll(async () => {
    store.container = getContainer()
    ;({ seed: store.seed, headers: store.headers } = await seedAndLogin(store.container, api))
  })
  return store
}
