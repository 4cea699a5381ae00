import type { AxiosInstance } from "axios"
import type { MedusaContainer } from "@medusajs/framework/types"
import { seedReferenceStore, type SeedResult } from "../../src/scripts/seed"

/** Seeds the reference store and logs its demo admin in through Medusa's auth route. */
export async function seedAndLogin(container: MedusaContainer, api: AxiosInstance) {
  const seed: SeedResult = await seedReferenceStore(container)
  const { data } = await api.post("/auth/user/emailpass", {
    email: seed.admin.email,
    password: seed.admin.password,
  })
  const headers = { authorization: `Bearer ${data.token}` }
  return { seed, headers }
}
