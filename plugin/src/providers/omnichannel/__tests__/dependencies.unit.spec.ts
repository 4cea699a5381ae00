import { asFunction, asValue } from "awilix"
import { createMedusaContainer } from "@medusajs/framework/utils"
import { ProviderDependencies } from "../dependencies"

/** The provider's container as Medusa builds it: each of the module's dependencies resolved lazily from the application's. */
function providerCradle(dependencies: string[], app: Record<string, unknown>) {
  const local = createMedusaContainer()
  for (const name of dependencies) local.register(name, asFunction(() => app[name]))
  local.register("logger", asValue(console))
  return local.cradle as Record<string, unknown>
}

describe("the payment provider's dependencies", () => {
  const ledger = { name: "omnichannel module" }

  it("reads the omnichannel module from the payment module's container when the config names it, at call time", () => {
    const app: Record<string, unknown> = {}
    const deps = new ProviderDependencies(providerCradle(["omnichannel", "query", "payment"], app))
    // Loaded after the payment module: not there when the provider is made, there when it is called.
    app.omnichannel = ledger
    expect(deps.ledger).toBe(ledger)
  })

  it("names the medusa-config.ts line to add when the payment module was not given the dependency", () => {
    const deps = new ProviderDependencies(providerCradle([], { omnichannel: ledger }))
    expect(() => deps.ledger).toThrow(/"omnichannel" is not available to the payment module.*dependencies: \["omnichannel","query","payment"\]/)
  })

  it("says the same when the dependency is named but nothing is registered under it (the plugin is missing)", () => {
    const deps = new ProviderDependencies(providerCradle(["omnichannel", "query", "payment"], {}))
    expect(() => deps.payments).toThrow(/"payment" is not available/)
  })
})
