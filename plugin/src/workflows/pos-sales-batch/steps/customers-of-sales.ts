import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { Modules } from "@medusajs/framework/utils"

type SaleCustomer = { email: string; first_name?: string; last_name?: string }

/**
 * The Medusa customer of each email the run's sales name: those that exist, in one query,
 * and the others made in one call (the first sale naming an email gives its names), as the
 * single-sale workflow does one by one. Keyed by the email in lower case.
 */
export const customersOfSalesStep = createStep(
  "omnichannel-customers-of-pos-sales",
  async ({ customers }: { customers: SaleCustomer[] }, { container }) => {
    const byEmail = new Map<string, SaleCustomer>()
    for (const c of customers) if (!byEmail.has(c.email.toLowerCase())) byEmail.set(c.email.toLowerCase(), c)
    if (!byEmail.size) return new StepResponse({} as Record<string, string>, [] as string[])
    const service = container.resolve(Modules.CUSTOMER)
    const ids: Record<string, string> = {}
    for (const c of await service.listCustomers({ email: [...byEmail.keys()] }, { select: ["id", "email"] })) ids[c.email!.toLowerCase()] ??= c.id
    const missing = [...byEmail].filter(([email]) => !ids[email])
    const created = missing.length
      ? await service.createCustomers(missing.map(([email, c]) => ({ email, first_name: c.first_name, last_name: c.last_name })))
      : []
    for (const c of created) ids[c.email!.toLowerCase()] = c.id
    return new StepResponse(ids, created.map((c) => c.id))
  },
  async (created, { container }) => {
    if (created?.length) await container.resolve(Modules.CUSTOMER).deleteCustomers(created)
  }
)
